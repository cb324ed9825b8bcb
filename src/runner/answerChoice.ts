import { clippedJson } from "../core/clippedJson";
import { userInfo } from "node:os";
import { DurableError } from "../core/errors";
import { checkAnswer } from "../core/interrupts/answerSchema";
import { openQuestions, type Draft, type Question, type ResumePoint } from "../core/store/checkpointStore";
import type { AnswerRecord } from "../core/store/records";

/** An answer as a person gives it: to the oldest open question, or to the one `node` (and `index`) name. */
export interface AnswerInput {
  value: unknown;
  node?: string;
  index?: number;
  /** Who answers (default: the OS user). */
  by?: string;
}

/**
 * Picks the question an answer is for and checks the answer against that question's schema. Throws
 * (before anything is written) when nothing asks, when the named node asks nothing, or when the answer
 * does not fit: ANSWER_INVALID names the field.
 */
export function chooseAnswer(thread: string, resume: ResumePoint, input: AnswerInput): Draft<AnswerRecord> {
  const open = openQuestions(resume);
  if (open.length === 0) {
    throw new DurableError("INVALID_ARGUMENT", `thread ${thread} is not waiting for input: no question is open, so there is nothing to answer`, { thread });
  }
  const question = open.find((q) => (input.node === undefined || q.node === input.node) && (input.index === undefined || q.index === input.index));
  if (!question) {
    throw new DurableError("INVALID_ARGUMENT", `node "${input.node}" of thread ${thread} asks nothing now; open questions: ${describeOpen(open)}`, {
      thread,
      node: input.node,
    });
  }
  checkAnswer(question, input.value);
  const by = input.by ?? currentUser();
  return { step: question.step, node: question.node, index: question.index, ...(input.value === undefined ? {} : { value: input.value }), at: Date.now(), ...(by ? { by } : {}) };
}

/**
 * A thread waiting for input cannot go on without an answer: resuming it would only ask again. Refused
 * (WAITING_FOR_INPUT) when every node still due in the step waits for an answer.
 */
export function refuseWhileWaiting(thread: string, resume: ResumePoint): void {
  const open = openQuestions(resume);
  if (open.length === 0) return;
  const waiting = new Set(open.map((q) => q.node));
  if (resume.next.some((node) => !waiting.has(node) && !resume.pending.has(node))) return;
  throw new DurableError("WAITING_FOR_INPUT", `thread ${thread} is waiting for input: ${describeOpen(open)}`, { thread, questions: open });
}

function describeOpen(open: readonly Question[]): string {
  return open.map((q) => `node "${q.node}" asks ${q.value === undefined ? "for an answer" : clippedJson(q.value)}`).join("; ");
}

function currentUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined;
  }
}
