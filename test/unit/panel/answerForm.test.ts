import assert from "node:assert/strict";
import { z } from "zod";
import { answerIssues } from "../../../media/panel/answerCheck";
import { answerFields, collectAnswer, fieldOfPath, initialValues } from "../../../media/panel/answerFields";
import { answerJsonSchema } from "../../../src/core/interrupts/answerSchema";

/** The JSON Schema a node's zod schema is journalled as (what the panel gets). */
const schemaOf = (schema: z.ZodType) => answerJsonSchema(schema)!;

const Review = z.object({
  approved: z.boolean().describe("Send this draft?"),
  edits: z.string().optional().describe("Replace the draft's text before it is sent"),
});

describe("run panel: the answer form built from a question's schema", () => {
  it("the approval question: a required checkbox and an optional text area, each with its description", () => {
    const fields = answerFields(schemaOf(Review));
    assert.deepEqual(
      fields.map((f) => [f.key, f.kind, f.optional, f.description]),
      [
        ["approved", "checkbox", false, "Send this draft?"],
        ["edits", "textarea", true, "Replace the draft's text before it is sent"],
      ],
    );
    const values = initialValues(schemaOf(Review), fields);
    assert.deepEqual(collectAnswer(fields, values), { value: { approved: false } }, "an empty optional field is left out");
    assert.deepEqual(collectAnswer(fields, { approved: true, edits: "See you in Lisbon." }), { value: { approved: true, edits: "See you in Lisbon." } });
  });

  it("numbers, enums, optional booleans and nested values get the input that fits them; what a form cannot express is JSON", () => {
    const schema = schemaOf(
      z.object({
        count: z.number().int(),
        level: z.enum(["low", "high"]),
        urgent: z.boolean().optional(),
        code: z.string().max(20),
        tags: z.array(z.string()),
        meta: z.object({ a: z.number() }).optional(),
      }),
    );
    const kinds = Object.fromEntries(answerFields(schema).map((f) => [f.key, f.kind]));
    assert.deepEqual(kinds, { count: "number", level: "choice", urgent: "choice", code: "text", tags: "json", meta: "json" });
    const fields = answerFields(schema);
    assert.deepEqual(collectAnswer(fields, { count: "3", level: "1", urgent: "", code: "x", tags: '["a"]', meta: "" }), { value: { count: 3, level: "high", code: "x", tags: ["a"] } });
    const bad = collectAnswer(fields, { count: "2.5", level: "", urgent: "0", code: "", tags: "[oops", meta: "" });
    assert.ok("errors" in bad);
    assert.deepEqual(Object.keys(bad.errors).sort(), ["count", "level", "tags"]);
    assert.equal(bad.errors.count, "must be a whole number");
    assert.equal(bad.errors.level, "choose one");
    assert.match(bad.errors.tags!, /^not valid JSON/);
  });

  it("a question whose answer is a single value (a yes/no, a choice, text) is one field; no schema is a JSON editor", () => {
    assert.deepEqual(answerFields(schemaOf(z.boolean())).map((f) => [f.key, f.kind]), [[undefined, "checkbox"]]);
    assert.deepEqual(collectAnswer(answerFields(schemaOf(z.boolean())), { "": true }), { value: true });
    assert.deepEqual(collectAnswer(answerFields(schemaOf(z.enum(["a", "b"]))), { "": "1" }), { value: "b" });
    assert.deepEqual(answerFields(undefined).map((f) => f.kind), ["json"]);
    assert.deepEqual(collectAnswer(answerFields(undefined), { "": '{"any": 1}' }), { value: { any: 1 } });
  });

  it("the schema's defaults fill the form", () => {
    const schema = schemaOf(z.object({ n: z.number().default(5), ok: z.boolean().default(true), mode: z.enum(["a", "b"]).default("b") }));
    // With a default, a field may be left out (an optional yes/no is a choice: its default is chosen).
    assert.deepEqual(initialValues(schema, answerFields(schema)), { n: "5", ok: "0", mode: "1" });
  });

  it("checks the answer as the runner does, naming the field; an issue's path picks the field it is shown by", () => {
    const schema = schemaOf(Review);
    assert.deepEqual(answerIssues(schema, { approved: true }), []);
    const issues = answerIssues(schema, { approved: "yes" });
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.path, "approved");
    assert.match(issues[0]!.message, /expected boolean/);
    const fields = answerFields(schema);
    assert.equal(fieldOfPath(fields, "approved"), "approved");
    assert.equal(fieldOfPath(fields, ""), "");
    assert.equal(fieldOfPath(fields, "nope.deeper"), "");
    const limits = schemaOf(z.object({ note: z.string().min(3) }));
    assert.match(answerIssues(limits, { note: "ab" })[0]!.message, />=3|at least 3|too small/i);
  });
});
