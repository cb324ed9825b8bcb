import { z } from "zod";
import { DurableError } from "../errors";
import type { Question } from "../store/checkpointStore";

/**
 * The JSON Schema journalled with a question, so the answer can be checked — and a form drawn — by a
 * process that has not loaded the graph (the CLI before it takes the thread, the editor). Undefined when
 * the schema cannot be written as JSON Schema (a transform, a custom check): the node's own zod schema
 * still checks the answer when it is re-entered.
 */
export function answerJsonSchema(schema: z.ZodType | undefined): Record<string, unknown> | undefined {
  if (!schema) return undefined;
  try {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "throw" }) as Record<string, unknown>;
    delete json.$schema;
    return json;
  } catch {
    return undefined;
  }
}

/**
 * Checks an answer against its question's journalled schema. Throws ANSWER_INVALID naming the field,
 * e.g. `approved: expected boolean, received string`.
 */
export function checkAnswer(question: Question, value: unknown): void {
  if (!question.schema) return;
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(question.schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return; // a schema zod cannot read back is checked by the node's own schema on re-entry
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw answerInvalid(question, parsed.error);
}

/** The error for an answer its schema refuses, naming each field. */
export function answerInvalid(question: Pick<Question, "node" | "index" | "step">, error: z.ZodError): DurableError {
  const issues = error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(answer)"}: ${issue.message}`);
  const path = error.issues[0]?.path.join(".") ?? "";
  return new DurableError("ANSWER_INVALID", `the answer to node "${question.node}" does not fit its schema: ${issues.join("; ")}`, {
    node: question.node,
    index: question.index,
    step: question.step,
    path,
    issues,
  });
}
