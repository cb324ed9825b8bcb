import assert from "node:assert/strict";
import { openQuestions, questionKey } from "../../../src/core/store/checkpointStore";
import { decodeLine, decodeSingle } from "../../../src/core/store/file/journalLine";
import { useGoldenFixture } from "./helpers/goldenFixture";

/**
 * A thread written by journal format version 3 (`test/fixtures/journal-v3`), in two segments (one per
 * run) and a summary: runs carrying the graph's fingerprint (the second run another version of node
 * "review"), a compact single-node step, a question with its answer's JSON Schema, an end "waiting" for
 * input; then the answer (by "ada"), a second question of the same node, and the thread waiting again.
 * Every later version of the store must still read it so.
 */
describe("journal format v3 (golden fixture)", () => {
  const golden = useGoldenFixture("journal-v3");

  it("holds checksummed lines, one of them a compact step, under a version 3 header", () => {
    const lines = golden.journal().toString("utf8").split("\n");
    assert.equal(lines.pop(), "");
    assert.equal(lines.length, 8);
    for (const line of lines) assert.ok(decodeLine(line).ok, line);
    assert.equal(lines.filter((line) => line.startsWith('{"q":')).length, 1);
    const header = decodeSingle(lines[0]!);
    assert.ok(header?.type === "segment" && header.version === 3);
  });

  it("reads a thread waiting for input, its open question, the answer given and who gave it, and each run's graph", async () => {
    const store = golden.store();
    const info = await store.getThread("golden");
    assert.equal(info?.status, "waiting");
    assert.equal(info?.step, 1);
    assert.deepEqual(info?.questions?.map((q) => [q.node, q.index, q.value]), [["review", 1, "Send now?"]]);
    const { records } = await store.history("golden");
    assert.deepEqual(
      records.map((r) => (r.type === "end" ? `end:${r.status}` : r.type === "interrupt" || r.type === "answer" ? `${r.type}:${r.node}:${r.index}` : r.type)),
      ["segment", "thread", "checkpoint", "run", "node", "checkpoint", "interrupt:review:0", "end:waiting", "release", "segment", "run", "answer:review:0", "interrupt:review:1", "end:waiting", "release"],
    );
    const runs = records.filter((r) => r.type === "run");
    assert.deepEqual(runs.map((r) => r.type === "run" && [r.graph?.id, r.graph?.nodes.review]), [["a1b2c3d4e5f6", "abcdef0123"], ["f6e5d4c3b2a1", "9999999999"]]);
    const answer = records.find((r) => r.type === "answer");
    assert.ok(answer?.type === "answer");
    assert.deepEqual([answer.value, answer.by], [{ approved: true, edits: "Hello, all" }, "ada"]);
    const first = records.find((r) => r.type === "interrupt");
    assert.ok(first?.type === "interrupt");
    assert.deepEqual(first.schema, { type: "object", properties: { approved: { type: "boolean" }, edits: { type: "string" } }, required: ["approved"] });
    assert.equal((await store.lastGraph("golden"))?.id, "f6e5d4c3b2a1");
    const report = await store.verify("golden");
    assert.deepEqual([report.records, report.segments, report.lastSeq, report.step, report.tornTail], [15, 2, 14, 1, undefined]);
  });

  it("resumes it with its answers and open question, and continues it", async () => {
    const writer = await golden.store().open("golden");
    try {
      assert.equal(writer.epoch, 3);
      assert.equal(writer.resume.end?.status, "waiting");
      assert.deepEqual(writer.resume.answers.get(questionKey("review", 0)), { value: { approved: true, edits: "Hello, all" } });
      assert.deepEqual(openQuestions(writer.resume).map((q) => q.index), [1]);
      writer.recordRun({ run: "run-3", pid: process.pid, at: Date.now(), step: 1, resumed: true });
      writer.recordAnswer({ step: 2, node: "review", index: 1, value: true, at: Date.now() });
      writer.commit({ step: 2, nodes: ["review"], changes: [{ key: "draft", op: "set", value: "Hello, all" }], next: [], state: { topic: "Q3", draft: "Hello, all" } });
      writer.end({ status: "completed", step: 2, at: Date.now() });
    } finally {
      await writer.close();
    }
    const info = await golden.store().getThread("golden");
    assert.equal(info?.status, "completed");
    assert.equal(info?.questions, undefined);
    assert.deepEqual((await golden.store().checkpoint("golden")).state, { topic: "Q3", draft: "Hello, all" });
  });
});
