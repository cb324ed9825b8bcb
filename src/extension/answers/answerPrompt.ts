import { isDurableError } from "../../core/errors";
import { checkAnswer } from "../../core/interrupts/answerSchema";
import { answerExample } from "../../core/interrupts/answerShape";
import type { Question } from "../../core/store/checkpointStore";

type Schema = Record<string, unknown>;

/**
 * How the editor asks for an answer outside the run panel: a quick pick when the schema lists the
 * answers (a boolean, an enum), else an input box — the text as is for a string, a number for a number,
 * JSON for anything else. A smallest answer that fits, when one can be guessed, is shown as the box's
 * placeholder, never as its value: a prefilled `{"approved":false}` was sent by a second Enter (after the
 * thread's pick), a decision nobody made.
 */
export type AnswerPrompt =
  | { kind: "pick"; items: { label: string; value: unknown }[] }
  | { kind: "text"; parse: "string" | "number" | "json"; initial: string; example?: string };

export function answerPrompt(schema: Schema | undefined): AnswerPrompt {
  if (schema?.type === "boolean") return { kind: "pick", items: [{ label: "Yes", value: true }, { label: "No", value: false }] };
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) return { kind: "pick", items: schema.enum.map((value) => ({ label: typeof value === "string" ? value : JSON.stringify(value), value })) };
  if (schema?.type === "string") return { kind: "text", parse: "string", initial: typeof schema.default === "string" ? schema.default : "" };
  if (schema?.type === "number" || schema?.type === "integer") return { kind: "text", parse: "number", initial: typeof schema.default === "number" ? String(schema.default) : "" };
  const example = answerExample(schema, false);
  return { kind: "text", parse: "json", initial: "", ...(example === undefined ? {} : { example: JSON.stringify(example) }) };
}

/** The answer a text stands for, or what is wrong with it (not JSON, not a number). */
export function parseAnswerText(text: string, parse: "string" | "number" | "json"): { value: unknown } | { error: string } {
  if (parse === "string") return { value: text };
  if (parse === "number") {
    const n = Number(text.trim());
    return text.trim() === "" || !Number.isFinite(n) ? { error: "enter a number" } : { value: n };
  }
  if (!text.trim()) return { error: "enter the answer as JSON" };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * What the question's schema refuses in an answer, field by field (`approved: expected boolean, …`), as
 * the runner would say it; undefined when the answer fits. The same check the runner makes, so what the
 * editor accepts is what the runner writes.
 */
export function answerProblem(question: Question, value: unknown): { message: string; path: string } | undefined {
  try {
    checkAnswer(question, value);
    return undefined;
  } catch (error) {
    if (!isDurableError(error) || error.code !== "ANSWER_INVALID") throw error;
    const issues = Array.isArray(error.details.issues) ? (error.details.issues as string[]) : [error.message];
    return { message: issues.join("; "), path: typeof error.details.path === "string" ? error.details.path : "" };
  }
}
