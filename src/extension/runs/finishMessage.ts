import type { RunFinish } from "./runManager";
import { describeStoreFailure } from "./storeFailure";

export type FinishAction = "Resume Thread" | "Show Output" | "Open Failing Line" | "Reset Thread" | "Answer…" | "Open Run Panel";

/** What to tell the user when a run ends, and what they can do next (shown by announceFinish). */
export interface FinishMessage {
  severity: "info" | "warning" | "error";
  text: string;
  actions: FinishAction[];
}

/**
 * The message for a finished run. A failure is put where it belongs: a node's error points at the
 * graph's failing line; the store's (no space, read-only, I/O) names the cause and the path and offers
 * to resume, never to fix the graph; a graph that no longer fits the thread says nothing was written.
 */
export function finishMessage(finish: RunFinish, relativePath?: (path: string) => string): FinishMessage {
  switch (finish.status) {
    case "completed":
      return { severity: "info", text: `Thread ${finish.thread} completed at step ${finish.step}.`, actions: ["Show Output"] };
    case "waiting":
      return {
        severity: "info",
        text: `Thread ${finish.thread} is waiting for input after step ${finish.step}${asked(finish)}. Nothing runs until it is answered.`,
        actions: ["Answer…", "Open Run Panel"],
      };
    case "cancelled":
      return { severity: "info", text: `Thread ${finish.thread} was cancelled at step ${finish.step}; its last checkpoint is kept.`, actions: ["Resume Thread"] };
    case "crashed":
      return finish.rehearsed
        ? { severity: "info", text: `Thread ${finish.thread}: the runner was killed after step ${finish.step}, as asked. The thread is interrupted at its last checkpoint.`, actions: ["Resume Thread"] }
        : {
            severity: "warning",
            text: `Thread ${finish.thread}: the runner process stopped unexpectedly (${finish.error?.message ?? "no reason given"}). The thread is interrupted at its last checkpoint.`,
            actions: ["Resume Thread", "Show Output"],
          };
    case "failed": {
      const error = finish.error;
      const store = describeStoreFailure(finish.thread, error, relativePath);
      if (store) return { severity: "error", text: store, actions: ["Resume Thread", "Show Output"] };
      if (error?.code === "WAITING_FOR_INPUT") {
        return { severity: "info", text: `Thread ${finish.thread} is waiting for input: it goes on when its question is answered.`, actions: ["Answer…", "Open Run Panel"] };
      }
      if (error?.code === "GRAPH_CHANGED") {
        return {
          severity: "error",
          text: `Thread ${finish.thread} was not resumed: the graph changed and no longer fits its stored state (${error.message}). Nothing was written: fork it from a checkpoint, or reset it.`,
          actions: ["Show Output", "Reset Thread"],
        };
      }
      const where = error?.node ? ` in node ${error.node}` : "";
      return {
        severity: "error",
        text: `Thread ${finish.thread} failed${where}: ${error?.message ?? "unknown error"}`,
        actions: error?.file && error.line ? ["Open Failing Line", "Show Output"] : ["Show Output"],
      };
    }
  }
}

/** ": review asks" — which nodes wait, when the run said so. */
function asked(finish: RunFinish): string {
  const nodes = [...new Set(finish.questions?.map((q) => q.node) ?? [])];
  return nodes.length ? `: ${nodes.join(", ")} ask${nodes.length === 1 ? "s" : ""}` : "";
}
