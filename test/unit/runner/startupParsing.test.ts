import assert from "node:assert/strict";
import { z } from "zod";
import { buildParsersWithoutJit, jitFromHere } from "../../../src/runner/startupParsing";

/**
 * An entry point that runs a graph builds the store's schemas without zod's compiled parsers and turns
 * them back on before the graph's own schemas are built: both kinds parse alike, and zod's setting is
 * left as it was.
 */
describe("schemas built at a run's start-up", () => {
  afterEach(() => jitFromHere());

  it("parse as any other, and zod's setting is restored for the graph's schemas", () => {
    const before = z.config().jitless;
    buildParsersWithoutJit();
    assert.equal(z.config().jitless, true);
    const stored = z.object({ step: z.number().int(), next: z.array(z.string()) });
    jitFromHere();
    assert.equal(z.config().jitless, before);
    const state = z.object({ step: z.number().int(), next: z.array(z.string()) });
    for (const schema of [stored, state]) {
      assert.deepEqual(schema.parse({ step: 3, next: ["a"] }), { step: 3, next: ["a"] });
      assert.equal(schema.safeParse({ step: 1.5, next: [] }).success, false);
    }
  });

  it("is a no-op when nothing turned the compiled parsers off", () => {
    const before = z.config().jitless;
    jitFromHere();
    assert.equal(z.config().jitless, before);
  });
});
