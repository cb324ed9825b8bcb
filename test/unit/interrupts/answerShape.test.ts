import assert from "node:assert/strict";
import { z } from "zod";
import { answerJsonSchema, checkAnswer } from "../../../src/core/interrupts/answerSchema";
import { answerExample, answerShape } from "../../../src/core/interrupts/answerShape";

const Review = z.object({
  approved: z.boolean(),
  edits: z.string().optional(),
  tone: z.enum(["formal", "friendly"]),
  score: z.number().int().min(1).max(5),
  tags: z.array(z.string()),
});
const question = (schema: z.ZodType) => ({ step: 1, node: "review", index: 0, at: 0, schema: answerJsonSchema(schema) });

describe("an answer's schema, as journalled and as shown", () => {
  it("is journalled as JSON Schema that checks answers field by field without the graph", () => {
    const q = question(Review);
    assert.deepEqual(q.schema?.required, ["approved", "tone", "score", "tags"]);
    checkAnswer(q, { approved: true, tone: "formal", score: 3, tags: [] });
    assert.throws(() => checkAnswer(q, { approved: true, tone: "rude", score: 3, tags: [] }), (e: Error & { details?: { path?: string } }) => e.details?.path === "tone");
    assert.throws(() => checkAnswer(q, { approved: true, tone: "formal", score: 9, tags: [] }), /score: /);
  });

  it("has no JSON Schema when zod cannot write one (a Date): any answer is then checked by the node's own schema on re-entry", () => {
    assert.equal(answerJsonSchema(z.object({ when: z.date() })), undefined);
    assert.equal(answerJsonSchema(undefined), undefined);
    checkAnswer({ step: 1, node: "n", index: 0, at: 0 }, "anything");
  });

  it("reads as one line and has a smallest example that fits (a prefill approves nothing)", () => {
    const schema = answerJsonSchema(Review);
    assert.equal(answerShape(schema), '{ approved: boolean, edits?: string, tone: "formal" | "friendly", score: number, tags: string[] }');
    const example = answerExample(schema);
    assert.deepEqual(example, { approved: true, tone: "formal", score: 1, tags: [] });
    checkAnswer(question(Review), example);
    assert.deepEqual(answerExample(schema, false), { approved: false, tone: "formal", score: 1, tags: [] });
    assert.equal(answerShape(undefined), "any JSON");
  });
});
