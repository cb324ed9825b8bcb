import type { Question } from "../store/checkpointStore";

/**
 * Thrown by `context.interrupt` when the question has no answer yet: the node stops there and the step
 * waits. Not an error: it is never retried, never recorded as a failure.
 */
export class InterruptPause extends Error {
  override readonly name = "InterruptPause";
  constructor(readonly question: Question) {
    super(`node "${question.node}" is waiting for input`);
  }
}

export function isInterruptPause(error: unknown): error is InterruptPause {
  return error instanceof InterruptPause;
}
