import assert from "node:assert/strict";
import { applyChanges, diffState, type StateChange } from "../../../src/core/state/stateChanges";

describe("diffState", () => {
  it("records a grown list as the appended items only", () => {
    const before = { log: ["a", "b"] };
    const after = { log: ["a", "b", "c", "d"] };
    assert.deepEqual(diffState(before, after, ["log"]), [{ key: "log", op: "append", items: ["c", "d"] }]);
  });

  it("records a new value, a replaced list and a shrunk list as set", () => {
    const before = { n: 1, log: ["a", "b"], other: ["x"] };
    const after = { n: 2, log: ["z"], other: ["y", "x"] };
    assert.deepEqual(diffState(before, after, ["n", "log", "other"]), [
      { key: "n", op: "set", value: 2 },
      { key: "log", op: "set", value: ["z"] },
      { key: "other", op: "set", value: ["y", "x"] },
    ]);
  });

  it("records a key that appears as set and one that disappears as unset", () => {
    assert.deepEqual(diffState({}, { fresh: [1] }, ["fresh"]), [{ key: "fresh", op: "set", value: [1] }]);
    assert.deepEqual(diffState({ old: 1 }, {}, ["old"]), [{ key: "old", op: "unset" }]);
    assert.deepEqual(diffState({}, {}, ["never"]), [], "a key absent before and after did not change");
  });

  it("records nothing for an unchanged 100 KB value, whether the same object or an equal copy", () => {
    const big = { text: "x".repeat(100 * 1024), rows: Array.from({ length: 1000 }, (_, i) => ({ i })) };
    assert.deepEqual(diffState({ big }, { big }, ["big"]), []);
    assert.deepEqual(diffState({ big }, { big: structuredClone(big) }, ["big"]), []);
    const list = Array.from({ length: 5000 }, (_, i) => `item ${i}`);
    assert.deepEqual(diffState({ list }, { list: [...list] }, ["list"]), [], "an equal list is not an empty append");
  });

  it("records nothing for a deep-equal new object", () => {
    assert.deepEqual(diffState({ cfg: { a: 1, b: [1, 2] } }, { cfg: { b: [1, 2], a: 1 } }, ["cfg"]), []);
  });

  it("looks only at the touched keys", () => {
    assert.deepEqual(diffState({ a: 1, b: 1 }, { a: 2, b: 2 }, ["b"]), [{ key: "b", op: "set", value: 2 }]);
  });
});

describe("applyChanges", () => {
  it("turns the before state into the after state (round trip through JSON, as a journal would)", () => {
    const before = { count: 1, log: ["a"], cfg: { deep: true }, gone: "x", same: { big: [1, 2, 3] } };
    const after = { count: 2, log: ["a", "b", "c"], cfg: { deep: false }, same: { big: [1, 2, 3] }, fresh: [] };
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const changes = JSON.parse(JSON.stringify(diffState(before, after, keys))) as StateChange[];
    assert.deepEqual(
      changes.map((c) => `${c.op} ${c.key}`),
      ["set count", "append log", "set cfg", "unset gone", "set fresh"],
    );
    const replayed = applyChanges(structuredClone(before), changes);
    assert.deepEqual(replayed, after);
  });

  it("appends to a key that does not hold a list yet by creating one", () => {
    assert.deepEqual(applyChanges({}, [{ key: "log", op: "append", items: [1] }]), { log: [1] });
  });

  it("does not alias the change's items into the state", () => {
    const change: StateChange = { key: "log", op: "append", items: [1] };
    const state = applyChanges({}, [change]);
    (state.log as number[]).push(2);
    assert.deepEqual(change.items, [1]);
  });
});
