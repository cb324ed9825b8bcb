import assert from "node:assert/strict";
import { z } from "zod";
import { isDurableError } from "../../../src/core/errors";
import { stateDiff } from "../../../src/core/state/stateDiff";
import { validateEditedState } from "../../../src/core/state/validateEditedState";

const schema = z.object({ steps: z.array(z.string()).default([]), count: z.number().int(), note: z.string().optional() });

function refusal(value: unknown): { message: string; path: unknown } {
  try {
    validateEditedState(schema, value);
  } catch (error) {
    assert.ok(isDurableError(error, "EDIT_INVALID"), String(error));
    return { message: error.message, path: error.details.path };
  }
  assert.fail("the edit was accepted");
}

describe("a person's edit of the state, checked against the schema", () => {
  it("accepts a state that fits, as typed (defaults are not written in)", () => {
    const state = { count: 3, note: "by hand" };
    assert.deepEqual(validateEditedState(schema, state), state);
  });

  it("names the key a value does not fit, down to the item", () => {
    assert.match(refusal({ count: "three" }).message, /"count" is invalid: .*number/);
    const deep = refusal({ count: 1, steps: ["a", 2] });
    assert.equal(deep.path, "steps.1");
    assert.match(deep.message, /"steps\.1" is invalid/);
  });

  it("refuses a key the schema lacks, listing the keys it has", () => {
    const r = refusal({ count: 1, cuont: 2 });
    assert.equal(r.path, "cuont");
    assert.match(r.message, /"cuont" is not a key of the graph's state \(its keys: steps, count, note\)/);
  });

  it("refuses anything but an object", () => {
    for (const value of [[], null, 3, "state"]) assert.match(refusal(value).message, /must be a JSON object/);
  });
});

describe("the difference between two checkpoints' states", () => {
  it("lists keys added, removed and changed, with their values, and leaves equal ones out", () => {
    const before = { a: 1, b: [1, 2], c: { x: 1 }, gone: "x" };
    const after = { a: 1, b: [1, 2, 3], c: { x: 1 }, added: true };
    assert.deepEqual(stateDiff(before, after), [
      { key: "b", change: "changed", before: [1, 2], after: [1, 2, 3] },
      { key: "gone", change: "removed", before: "x" },
      { key: "added", change: "added", after: true },
    ]);
    assert.deepEqual(stateDiff(after, structuredClone(after)), []);
  });
});
