import { clippedJson } from "../../core/clippedJson";
import type { RunEvent } from "../../core/protocol/runEvents";
import { describeRepair } from "../journalRepair";

/** One line of the "Durable Graphs" output channel for a run event (undefined: not worth a line). */
export function outputLine(thread: string, event: RunEvent): string | undefined {
  const prefix = `[${thread}]`;
  switch (event.type) {
    case "run-started":
      return event.resumed
        ? `${prefix} resuming ${event.graph} from its checkpoint at step ${event.step}${event.lastNodes.length ? ` (after ${event.lastNodes.join(", ")})` : ""}; next: ${event.next.join(", ") || "END"}`
        : `${prefix} new run of ${event.graph} (runner pid ${event.pid})`;
    case "warning":
      return `${prefix} warning: ${event.message}`;
    case "repaired":
      return `${prefix} ${describeRepair(event)} (at byte ${event.offset}); nothing committed was lost`;
    case "node-started":
      return `${prefix} step ${event.step} ${event.node} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`;
    case "node-finished":
      return event.replayed
        ? `${prefix} step ${event.step} ${event.node} already done before the interruption: not run again`
        : `${prefix} step ${event.step} ${event.node} finished in ${event.durationMs.toFixed(1)} ms`;
    case "node-retry":
      return `${prefix} step ${event.step} ${event.node} failed (${event.error.message}); retrying in ${Math.round(event.delayMs)} ms`;
    case "log":
      return `${prefix}   ${event.node} │ ${event.message}`;
    case "checkpoint":
      return `${prefix} step ${event.step} committed → ${event.next.join(", ") || "END"}`;
    case "done":
      return `${prefix} completed at step ${event.step}\n${JSON.stringify(event.state, null, 2)}`;
    case "failed":
      return `${prefix} failed at step ${event.step + 1}${event.error.node ? ` in node ${event.error.node}` : ""}: ${event.error.message}${event.error.file ? `\n    at ${event.error.file}:${event.error.line}` : ""}`;
    case "node-waiting":
      return `${prefix} step ${event.step} ${event.node} asks${event.value === undefined ? " for an answer" : `: ${clippedJson(event.value)}`}${event.refused ? ` (asked again: ${event.refused})` : ""}`;
    case "waiting":
      return `${prefix} waiting for input after step ${event.step}: ${event.questions.map((q) => q.node).join(", ")} asked; the thread resumes when answered`;
    case "cancelled":
      return `${prefix} cancelled at step ${event.step}; the last checkpoint is kept`;
    case "step-started":
      return undefined;
  }
}
