import assert from "node:assert/strict";
import type { RunEvent } from "../../../src/core/protocol/runEvents";
import { LangGraphEvents } from "../../../src/runner/langGraphEvents";

/** LangGraph.js's debug stream, as `graph.stream(…, { streamMode: "debug" })` yields it (abridged). */
const checkpoint = (step: number, values: Record<string, unknown>, next: string[]) => ({ type: "checkpoint", step, payload: { values, next, metadata: { step } } });
const task = (step: number, id: string, name: string) => ({ type: "task", step, payload: { id, name, input: {}, triggers: [], interrupts: [] } });
const result = (step: number, id: string, name: string, extra: Record<string, unknown>) => ({ type: "task_result", step, payload: { id, name, interrupts: [], error: null, ...extra } });

function fold(chunks: unknown[], startStep = -1, journalled = new Map<string, string[]>()): { events: RunEvent[]; mapper: LangGraphEvents } {
  const events: RunEvent[] = [];
  const mapper = new LangGraphEvents((e) => events.push(e), startStep, journalled);
  for (const chunk of chunks) mapper.push(chunk);
  return { events, mapper };
}

describe("LangGraph.js's debug stream as run events", () => {
  it("a parallel step: one step-started, each node started and finished with the keys it wrote, one checkpoint", () => {
    const { events, mapper } = fold([
      checkpoint(-1, {}, ["__start__"]),
      checkpoint(0, { n: 0 }, ["a", "b"]),
      task(1, "t1", "a"),
      task(1, "t2", "b"),
      result(1, "t2", "b", { result: { n: 2 } }),
      result(1, "t1", "a", { result: { log: ["a"], __internal: 1 } }),
      checkpoint(1, { n: 2, log: ["a"] }, []),
    ]);
    assert.deepEqual(
      events.map((e) => (e.type === "node-finished" ? `${e.type} ${e.node} ${e.keys.join(",")}` : e.type === "checkpoint" ? `checkpoint ${e.step} ${e.nodes.join(",")} ${e.changed.join(",")}` : `${e.type}${"node" in e ? ` ${e.node}` : ""}`)),
      ["step-started", "node-started a", "node-started b", "node-finished b n", "node-finished a log", "checkpoint 1 b,a n,log"],
    );
    assert.deepEqual([mapper.step, mapper.values], [1, { n: 2, log: ["a"] }]);
  });

  it("a resumed step: the task an earlier run journalled is reported done, not started; the checkpoint the run began at is not reported", () => {
    const { events } = fold([checkpoint(1, {}, ["left", "right"]), task(2, "L", "left"), task(2, "R", "right"), result(2, "R", "right", { result: { v: 1 } }), checkpoint(2, {}, ["join"])], 1, new Map([["L", ["visited"]]]));
    const finished = events.filter((e) => e.type === "node-finished");
    assert.deepEqual(finished.map((e) => e.type === "node-finished" && [e.node, e.replayed]), [["left", true], ["right", false]]);
    assert.deepEqual(events.filter((e) => e.type === "node-started").map((e) => e.type === "node-started" && e.node), ["right"]);
    assert.deepEqual(events.filter((e) => e.type === "checkpoint").map((e) => e.type === "checkpoint" && e.step), [2]);
  });

  it("an interrupt() is a node waiting with its payload, and a question of the thread", () => {
    const { events, mapper } = fold([checkpoint(6, {}, ["approval"]), task(7, "A", "approval"), result(7, "A", "approval", { result: {}, interrupts: [{ id: "i", value: { question: "Send?" } }] })], 6);
    assert.deepEqual(events.at(-1), { type: "node-waiting", step: 7, node: "approval", index: 0, value: { question: "Send?" } });
    assert.deepEqual(mapper.questions.map((q) => [q.step, q.node, q.value]), [[7, "approval", { question: "Send?" }]]);
  });

  it("a console line that comes before its node's task chunk starts the node first; the task does not start it again", () => {
    const { events, mapper } = fold([checkpoint(0, {}, ["a"])]);
    mapper.log({ type: "log", step: 1, node: "a", level: "info", message: "hello" });
    mapper.push(task(1, "t", "a"));
    assert.deepEqual(events.map((e) => e.type), ["step-started", "node-started", "log"]);
  });

  it("a failed task names the node that failed", () => {
    const { mapper } = fold([checkpoint(0, {}, ["a"]), task(1, "t", "a"), result(1, "t", "a", { error: { message: "boom" } })]);
    assert.equal(mapper.failedNode, "a");
  });
});
