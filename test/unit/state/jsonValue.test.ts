import assert from "node:assert/strict";
import { findNonJson, jsonEqual } from "../../../src/core/state/jsonValue";

describe("findNonJson", () => {
  it("accepts plain JSON, including null-prototype objects, shared (acyclic) references and absent-like undefined keys", () => {
    const shared = { x: 1 };
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    assert.equal(findNonJson({ s: "x", n: 1.5, b: false, z: null, list: [1, "two", [3]], deep: { a: { b: [] } } }), undefined);
    assert.equal(findNonJson({ left: shared, right: shared, both: [shared, shared] }), undefined);
    assert.equal(findNonJson(bare), undefined);
    assert.equal(findNonJson({ gone: undefined }), undefined);
  });

  const cases: [string, unknown, string, RegExp][] = [
    ["a Date", { when: new Date(0) }, "when", /instance of Date/],
    ["a Map deep inside", { a: { b: [1, new Map()] } }, "a.b[1]", /instance of Map/],
    ["a function", { run: () => 1 }, "run", /function/],
    ["NaN", { n: Number.NaN }, "n", /NaN is not a finite number/],
    ["Infinity", [Infinity], "[0]", /Infinity is not a finite number/],
    ["a bigint", { big: 10n }, "big", /bigint/],
    ["a symbol", { s: Symbol("x") }, "s", /symbol/],
    ["undefined in an array", { list: ["a", undefined] }, "list[1]", /undefined/],
    ["a hole in an array", { list: [1, , 3] }, "list[1]", /undefined/],
  ];
  for (const [what, value, path, reason] of cases) {
    it(`finds ${what} at ${path}`, () => {
      const found = findNonJson(value);
      assert.ok(found, "something was found");
      assert.equal(found.path, path);
      assert.match(found.reason, reason);
    });
  }

  it("finds a cycle at the reference that closes it", () => {
    const node: Record<string, unknown> = { name: "a", children: [] };
    (node.children as unknown[]).push({ parent: node });
    const found = findNonJson({ root: node });
    assert.deepEqual(found, { path: "root.children[0].parent", reason: "a circular reference" });
  });

  it("reports a bad top-level value with an empty path", () => {
    assert.deepEqual(findNonJson(undefined), { path: "", reason: "undefined" });
    assert.equal(findNonJson(new Date())?.path, "");
  });
});

describe("jsonEqual", () => {
  it("compares structure, not identity, and ignores key order and undefined-valued keys", () => {
    assert.ok(jsonEqual({ a: [1, { b: 2 }], c: "x" }, { c: "x", a: [1, { b: 2 }] }));
    assert.ok(jsonEqual({ a: 1, gone: undefined }, { a: 1 }));
    assert.ok(!jsonEqual({ a: [1, 2] }, { a: [1, 2, 3] }));
    assert.ok(!jsonEqual([], {}));
    assert.ok(!jsonEqual({ a: null }, { a: 0 }));
    assert.ok(!jsonEqual(1, "1"));
  });
});
