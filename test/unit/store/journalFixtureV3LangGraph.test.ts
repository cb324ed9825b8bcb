import assert from "node:assert/strict";
import { dirname } from "node:path";
import { decodeLine, decodeSingle } from "../../../src/core/store/file/journalLine";
import { DurableGraphsSaver } from "../../../src/langgraph";
import { useGoldenFixture } from "./helpers/goldenFixture";

/**
 * A thread written by LangGraph.js through DurableGraphsSaver in journal format 3
 * (`test/fixtures/journal-v3-langgraph`), in two segments (one per run) and a summary: a graph
 * `write → edit (a subgraph: polish) → review`, where review's `interrupt()` ends the first run waiting
 * for input; the second run resumes it (`Command({ resume: true })`) and completes. Every later version
 * of the store, and of the saver, must still read it so.
 */
describe("journal format v3, LangGraph.js thread (golden fixture)", () => {
  const golden = useGoldenFixture("journal-v3-langgraph");

  it("holds checksummed lines under a version 3 header, LangGraph's values as readable JSON", () => {
    const lines = golden.journal().toString("utf8").split("\n");
    assert.equal(lines.pop(), "");
    for (const line of lines) assert.ok(decodeLine(line).ok, line);
    const header = decodeSingle(lines[0]!);
    assert.ok(header?.type === "segment" && header.version === 3);
    assert.ok(lines.some((line) => line.includes('"type":"lg-checkpoint"') && line.includes('"draft":{"json":"About Q3"}')), "a changed channel's value, as JSON");
  });

  it("reads as a completed thread: its step, last node, state and history", async () => {
    const store = golden.store();
    const info = await store.getThread("golden");
    assert.deepEqual(
      [info?.status, info?.step, info?.lastNodes, info?.next, info?.engine, info?.graph],
      ["completed", 3, ["review"], [], "langgraph", "approval.graph.ts"],
    );
    assert.deepEqual((await store.checkpoint("golden")).state, { topic: "Q3", draft: "About Q3!", approved: true });
    const { records } = await store.history("golden");
    const lg = records.filter((r) => r.type === "lg-checkpoint");
    assert.deepEqual(
      lg.map((r) => r.type === "lg-checkpoint" && `${r.ns ? "sub" : "root"}:${r.step}:${r.next.join("+") || "END"}`),
      ["root:-1:__start__", "root:0:write", "root:1:edit", "sub:-1:__start__", "sub:0:polish", "sub:1:END", "root:2:review", "root:3:END"],
    );
    assert.deepEqual(
      records.filter((r) => r.type === "end").map((r) => r.type === "end" && r.status),
      ["waiting", "completed"],
    );
    const report = await store.verify("golden");
    assert.deepEqual([report.segments, report.tornTail], [2, undefined]);
  });

  it("gives LangGraph back every checkpoint whole: values carried from earlier steps, the subgraph's apart, the interrupt's writes", async () => {
    const saver = new DurableGraphsSaver({ directory: dirname(golden.store().threadsDir) });
    try {
      const latest = await saver.getTuple({ configurable: { thread_id: "golden" } });
      assert.deepEqual(latest?.checkpoint.channel_values, { topic: "Q3", draft: "About Q3!", approved: true });
      assert.deepEqual(latest?.metadata, { source: "loop", step: 3, parents: {} });
      const all = [];
      for await (const tuple of saver.list({ configurable: { thread_id: "golden" } })) all.push(tuple);
      assert.equal(all.length, 8);
      const waiting = all.find((t) => t.metadata?.step === 2 && t.config.configurable?.checkpoint_ns === "");
      assert.deepEqual(
        waiting?.pendingWrites?.map(([, channel]) => channel),
        ["__resume__", "__resume__", "__interrupt__", "approved"],
      );
      const sub = all.filter((t) => t.config.configurable?.checkpoint_ns !== "");
      assert.equal(sub.length, 3);
      assert.equal(sub[0]?.checkpoint.channel_values.draft, "About Q3!");
    } finally {
      await saver.close();
    }
  });
});
