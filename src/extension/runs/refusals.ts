import type { RunFinish } from "./runManager";

/**
 * Errors with which the runner refuses a run before writing anything: the thread is as it was (a waiting
 * thread still waits, its answer not journalled). The user is told why; nothing "failed".
 */
const REFUSED_BEFORE_WRITING = new Set([
  "ANSWER_INVALID",
  "INVALID_ARGUMENT",
  "WAITING_FOR_INPUT",
  "GRAPH_CHANGED",
  "GRAPH_LOAD_FAILED",
  "GRAPH_INVALID",
  "THREAD_LOCKED",
  "STORE_CORRUPT",
  "STORE_VERSION",
  "CRASH_LOOP",
]);

/** Whether a run ended refused, with nothing written. */
export function refusedBeforeWriting(finish: Pick<RunFinish, "status" | "error">): boolean {
  return finish.status === "failed" && finish.error !== undefined && REFUSED_BEFORE_WRITING.has(finish.error.code);
}

/** Refusals about the answer itself: shown next to where it was typed, not as a notification. */
export function refusedAnswer(finish: Pick<RunFinish, "status" | "error">): boolean {
  const code = finish.error?.code;
  return finish.status === "failed" && (code === "ANSWER_INVALID" || code === "INVALID_ARGUMENT" || code === "WAITING_FOR_INPUT");
}
