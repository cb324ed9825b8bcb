import assert from "node:assert/strict";
import { z } from "zod";
import { answerJsonSchema } from "../../../src/core/interrupts/answerSchema";
import type { Question } from "../../../src/core/store/checkpointStore";
import { answerProblem, answerPrompt, parseAnswerText } from "../../../src/extension/answers/answerPrompt";
import { finishMessage } from "../../../src/extension/runs/finishMessage";

const question = (schema?: z.ZodType): Question => ({ step: 2, node: "review", index: 0, value: { q: "ok?" }, ...(schema ? { schema: answerJsonSchema(schema)! } : {}), at: 0 });

describe("Answer… outside the panel: the prompt a question's schema calls for", () => {
  it("a yes/no or a choice is a quick pick; text is typed as is; a number is a number; the rest JSON, typed from empty with a smallest answer as the example (a prefilled answer was sent by a second Enter)", () => {
    assert.deepEqual(answerPrompt(question(z.boolean()).schema), { kind: "pick", items: [{ label: "Yes", value: true }, { label: "No", value: false }] });
    assert.deepEqual(answerPrompt(question(z.enum(["ship", "hold"])).schema), { kind: "pick", items: [{ label: "ship", value: "ship" }, { label: "hold", value: "hold" }] });
    assert.deepEqual(answerPrompt(question(z.string()).schema), { kind: "text", parse: "string", initial: "" });
    assert.deepEqual(answerPrompt(question(z.number()).schema), { kind: "text", parse: "number", initial: "" });
    const review = z.object({ approved: z.boolean(), edits: z.string().optional() });
    assert.deepEqual(answerPrompt(question(review).schema), { kind: "text", parse: "json", initial: "", example: '{"approved":false}' });
    assert.deepEqual(answerPrompt(undefined), { kind: "text", parse: "json", initial: "" });
  });

  it("the input box's check as the user types: not JSON, not a number, or the field the schema refuses", () => {
    assert.deepEqual(parseAnswerText("  ", "json"), { error: "enter the answer as JSON" });
    assert.match((parseAnswerText("{nope", "json") as { error: string }).error, /^not valid JSON/);
    assert.deepEqual(parseAnswerText("42", "number"), { value: 42 });
    assert.deepEqual(parseAnswerText("x", "number"), { error: "enter a number" });
    assert.deepEqual(parseAnswerText(" keep spaces ", "string"), { value: " keep spaces " });
    const q = question(z.object({ approved: z.boolean() }));
    assert.equal(answerProblem(q, { approved: true }), undefined);
    const problem = answerProblem(q, { approved: "yes" });
    assert.equal(problem?.path, "approved");
    assert.match(problem!.message, /^approved: .*expected boolean/);
    assert.equal(answerProblem(question(), { anything: 1 }), undefined, "no schema: any answer");
  });

  it("a run that stops waiting says who asks and offers Answer…; a resume refused for waiting offers it too", () => {
    const waiting = finishMessage({ thread: "memo", status: "waiting", step: 1, questions: [question()] });
    assert.equal(waiting.text, "Thread memo is waiting for input after step 1: review asks. Nothing runs until it is answered.");
    assert.deepEqual(waiting.actions, ["Answer…", "Open Run Panel"]);
    const refused = finishMessage({ thread: "memo", status: "failed", error: { code: "WAITING_FOR_INPUT", message: "waiting" } });
    assert.deepEqual(refused.actions, ["Answer…", "Open Run Panel"]);
  });
});
