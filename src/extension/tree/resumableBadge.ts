import type { ThreadInfo } from "../../core/store/checkpointStore";

/** What the Threads view's badge says: how many threads need the user (to resume, or to answer), and which. */
export interface ResumableBadge {
  value: number;
  tooltip: string;
}

/** Threads shown in full in the tooltip; more are counted. */
const NAMED = 5;

/**
 * The badge for the threads listed: one count of the interrupted ones (a crash, a kill, a reload,
 * a step limit), which Resume continues from their last checkpoint, and of the ones waiting for input,
 * which Answer… continues — so that after Reload Window the view itself says there is something to do,
 * not only each row's inline action. None when there is none.
 */
export function resumableBadge(threads: readonly ThreadInfo[]): ResumableBadge | undefined {
  const interrupted = threads.filter((t) => t.status === "interrupted").map((t) => t.id);
  const waiting = threads.filter((t) => t.status === "waiting").map((t) => t.id);
  if (interrupted.length === 0 && waiting.length === 0) return undefined;
  const parts: string[] = [];
  if (interrupted.length) {
    parts.push(`${interrupted.length === 1 ? "1 thread was interrupted and can be resumed" : `${interrupted.length} threads were interrupted and can be resumed`}: ${named(interrupted)}`);
  }
  if (waiting.length) parts.push(`${waiting.length === 1 ? "1 thread is waiting for input" : `${waiting.length} threads are waiting for input`} (Answer…): ${named(waiting)}`);
  return { value: interrupted.length + waiting.length, tooltip: parts.join("; ") };
}

function named(ids: string[]): string {
  const more = ids.length > NAMED ? ` and ${ids.length - NAMED} more` : "";
  return `${ids.slice(0, NAMED).join(", ")}${more}`;
}
