import assert from "node:assert/strict";
import type { ThreadInfo } from "../../../src/core/store/checkpointStore";
import { resumableBadge } from "../../../src/extension/tree/resumableBadge";

const thread = (id: string, status: ThreadInfo["status"]): ThreadInfo => ({ id, graph: "g.graph.ts", status, step: 1, lastNodes: [], next: [], createdAt: 0, updatedAt: 0 });

describe("the Threads view's badge", () => {
  it("counts the interrupted threads and names them", () => {
    const threads = [thread("a", "interrupted"), thread("b", "completed"), thread("c", "running"), thread("d", "interrupted"), thread("e", "failed")];
    assert.deepEqual(resumableBadge(threads), { value: 2, tooltip: "2 threads were interrupted and can be resumed: a, d" });
    assert.deepEqual(resumableBadge([thread("x", "interrupted")]), { value: 1, tooltip: "1 thread was interrupted and can be resumed: x" });
  });

  it("names five and counts the rest; none without an interrupted thread", () => {
    const many = Array.from({ length: 8 }, (_, i) => thread(`t${i}`, "interrupted"));
    assert.equal(resumableBadge(many)?.tooltip, "8 threads were interrupted and can be resumed: t0, t1, t2, t3, t4 and 3 more");
    assert.equal(resumableBadge([thread("a", "completed")]), undefined);
    assert.equal(resumableBadge([]), undefined);
  });
});

describe("the Threads view's badge: threads waiting for input", () => {
  it("counts them with the interrupted ones and says Answer… is what they need", () => {
    const threads = [thread("a", "interrupted"), thread("memo", "waiting"), thread("b", "completed")];
    assert.deepEqual(resumableBadge(threads), { value: 2, tooltip: "1 thread was interrupted and can be resumed: a; 1 thread is waiting for input (Answer…): memo" });
    assert.deepEqual(resumableBadge([thread("x", "waiting"), thread("y", "waiting")]), { value: 2, tooltip: "2 threads are waiting for input (Answer…): x, y" });
  });
});
