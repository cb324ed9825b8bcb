import assert from "node:assert/strict";
import { compareSteps, type StepNodes } from "../../../src/extension/panel/stepComparison";

const step = (n: number, writes: Record<string, Record<string, unknown>>): StepNodes => ({ step: n, writes: new Map(Object.entries(writes)) });

describe("comparing a fork with its origin step by step", () => {
  it("pairs the steps each ran after the fork point and says which nodes' outputs differ", () => {
    const origin = [step(2, { draft: { text: "a" } }), step(3, { review: { ok: true }, log: { n: 1 } }), step(4, { send: {} })];
    // The fork's step 2 was a person's edit (left out by the caller): its steps are numbered one on.
    const fork = [step(3, { draft: { text: "a" } }), step(4, { review: { ok: false }, log: { n: 1 } })];
    assert.deepEqual(compareSteps(origin, fork), [
      { originStep: 2, forkStep: 3, nodes: [{ node: "draft", outcome: "same", keys: [] }] },
      {
        originStep: 3,
        forkStep: 4,
        nodes: [
          { node: "review", outcome: "differs", keys: ["ok"] },
          { node: "log", outcome: "same", keys: [] },
        ],
      },
      { originStep: 4, nodes: [{ node: "send", outcome: "only-origin", keys: [] }] },
    ]);
  });

  it("says when a node ran only in the fork, and a key written on one side only differs", () => {
    const pairs = compareSteps([step(1, { a: { x: 1 } })], [step(1, { a: { x: 1, y: 2 }, b: { z: 0 } })]);
    assert.deepEqual(pairs[0]!.nodes, [
      { node: "a", outcome: "differs", keys: ["y"] },
      { node: "b", outcome: "only-fork", keys: ["z"] },
    ]);
  });
});
