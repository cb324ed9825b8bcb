import type { ThreadInfo } from "../../core/store/checkpointStore";

/** What the Threads view's badge says: how many threads a run was cut short on, and which. */
export interface ResumableBadge {
  value: number;
  tooltip: string;
}

/** Threads shown in full in the tooltip; more are counted. */
const NAMED = 5;

/**
 * The badge for the threads listed: one count of the interrupted ones (a crash, a kill, a reload,
 * a step limit), which Resume continues from their last checkpoint — so that after Reload Window the
 * view itself says there is something to resume, not only each row's inline action. None when there
 * is none.
 */
export function resumableBadge(threads: readonly ThreadInfo[]): ResumableBadge | undefined {
  const interrupted = threads.filter((t) => t.status === "interrupted").map((t) => t.id);
  if (interrupted.length === 0) return undefined;
  const named = interrupted.slice(0, NAMED).join(", ");
  const more = interrupted.length > NAMED ? ` and ${interrupted.length - NAMED} more` : "";
  const what = interrupted.length === 1 ? "1 thread was interrupted and can be resumed" : `${interrupted.length} threads were interrupted and can be resumed`;
  return { value: interrupted.length, tooltip: `${what}: ${named}${more}` };
}
