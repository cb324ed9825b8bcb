import type { z } from "zod";
import { DurableError } from "../errors";
import { answerInvalid, answerJsonSchema } from "../interrupts/answerSchema";
import { InterruptPause } from "../interrupts/interruptPause";
import { findNonJson } from "../state/jsonValue";
import { questionKey, type Question, type ThreadWriter } from "../store/checkpointStore";

export interface InterruptScope {
  step: number;
  node: string;
  writer: ThreadWriter;
  /** Questions asked in this step (journalled), keyed by `questionKey`; each new one is added. */
  questions: Map<string, Question>;
  /** Answers given in this step, keyed by `questionKey`; one the node's own schema refuses is dropped. */
  answers: Map<string, { value: unknown }>;
}

/**
 * `context.interrupt` for one try of a node: its questions are numbered in the order the node asks them,
 * so re-entering the node from the top finds each earlier question's answer under the same number.
 * `onPause` is told when the node is stopped to wait (a node that catches the pause still waits).
 */
export function interruptFor(scope: InterruptScope, onPause: (pause: InterruptPause) => void) {
  let asked = 0;
  return async (payload?: unknown, options?: { schema?: z.ZodType }): Promise<any> => {
    const index = asked++;
    const key = questionKey(scope.node, index);
    const answer = scope.answers.get(key);
    let refused: string | undefined;
    if (answer) {
      if (!options?.schema) return answer.value;
      const parsed = options.schema.safeParse(answer.value);
      if (parsed.success) return parsed.data;
      // The journalled JSON Schema let it through, the node's zod schema does not (a refine, a transform,
      // a schema edited since): failing the node would leave the thread failed with nothing left to ask,
      // resumed into the same refusal forever. The question is asked again instead, saying why.
      refused = answerInvalid({ step: scope.step, node: scope.node, index }, parsed.error).message;
      scope.answers.delete(key);
    }
    let question = refused === undefined ? scope.questions.get(key) : undefined;
    if (!question) {
      const bad = payload === undefined ? undefined : findNonJson(payload);
      if (bad) {
        throw new DurableError("NOT_SERIALIZABLE", `node "${scope.node}" asked with ${bad.reason}${bad.path ? ` at ${bad.path}` : ""}, which cannot be journalled as JSON`, {
          node: scope.node,
          path: bad.path,
        });
      }
      const schema = answerJsonSchema(options?.schema);
      question = {
        step: scope.step,
        node: scope.node,
        index,
        ...(payload === undefined ? {} : { value: payload }),
        ...(schema ? { schema } : {}),
        ...(refused === undefined ? {} : { refused }),
        at: Date.now(),
      };
      // Asked again by a re-entered node (the answer to an earlier question came): journalled once.
      scope.writer.recordInterrupt(question);
      scope.questions.set(key, question);
    }
    const pause = new InterruptPause(question);
    onPause(pause);
    throw pause;
  };
}
