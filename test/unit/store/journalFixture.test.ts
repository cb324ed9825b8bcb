import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { taskKey } from "../../../src/core/store/checkpointStore";
import { decodeLine, decodeSingle } from "../../../src/core/store/file/journalLine";
import { useGoldenFixture } from "./helpers/goldenFixture";
import { expectCode } from "./storeTestKit";

/**
 * A thread written by journal format version 1 (`test/fixtures/journal-v1`: its journal and summary, no
 * lock). Every later version of the store must still read it exactly so: change the format, and this
 * test says so; add a version, and add its own fixture beside this one.
 */
const QUESTION = "Why is the sky blue?";
const STATE_1 = { question: QUESTION, messages: ["plan: look up Rayleigh scattering"], plan: { steps: ["research", "write"] }, count: 1 };
const STATE_2 = {
  question: QUESTION,
  messages: ["plan: look up Rayleigh scattering", "research: shorter wavelengths scatter more", "write: blue light scatters most"],
  count: 2,
};

describe("journal format v1 (golden fixture)", () => {
  const golden = useGoldenFixture("journal-v1");

  it("holds one checksummed v1 record per line", () => {
    assert.deepEqual(readdirSync(resolve(__dirname, "..", "..", "fixtures", "journal-v1")).sort(), ["journal-000001.ndjson", "meta.json"]);
    const lines = golden.journal().toString("utf8").split("\n");
    assert.equal(lines.pop(), "");
    assert.equal(lines.length, 13);
    for (const line of lines) assert.ok(decodeLine(line).ok, line);
    const header = decodeSingle(lines[0]!);
    assert.ok(header?.type === "segment" && header.version === 1);
  });

  it("reads the summary, history and checkpoints", async () => {
    const info = await golden.store().getThread("golden");
    assert.deepEqual(
      info && { id: info.id, graph: info.graph, status: info.status, step: info.step, lastNodes: info.lastNodes, next: info.next },
      { id: "golden", graph: "examples/research.graph.ts", status: "interrupted", step: 2, lastNodes: ["research", "write"], next: ["review"] },
    );
    assert.deepEqual((await golden.store().listThreads()).map((t) => t.id), ["golden"]);

    const { records, nextSeq } = await golden.store().history("golden");
    assert.equal(nextSeq, undefined);
    assert.deepEqual(records.map((r) => r.seq), [...Array(13).keys()]);
    assert.deepEqual(
      records.map((r) => (r.type === "node" || r.type === "task" || r.type === "failure" ? `${r.type}:${r.step}:${r.node}` : r.type === "checkpoint" ? `checkpoint:${r.step}` : r.type)),
      ["segment", "thread", "checkpoint:0", "run", "node:1:plan", "checkpoint:1", "task:2:research", "node:2:research", "failure:2:write", "node:2:write", "checkpoint:2", "task:3:review", "node:3:review"],
    );
    const thread = records[1]!;
    assert.ok(thread.type === "thread");
    assert.deepEqual(thread.input, { question: QUESTION });
    const task = records[6]!;
    assert.ok(task.type === "task");
    assert.deepEqual(task.value, { hits: 3, top: "Rayleigh scattering — λ⁻⁴" });
    const node = records[4]!;
    assert.ok(node.type === "node");
    assert.deepEqual(node.logs, [{ level: "info", message: "planning…", at: 1767225600011 }]);
    const failure = records[8]!;
    assert.ok(failure.type === "failure");
    assert.deepEqual(failure.error, { code: "NODE_FAILED", message: "rate limited", name: "Error" });

    const last = await golden.store().checkpoint("golden");
    assert.equal(last.step, 2);
    assert.deepEqual(last.state, STATE_2);
    assert.deepEqual(last.nodes, ["research", "write"]);
    assert.deepEqual(last.next, ["review"]);
    assert.deepEqual((await golden.store().checkpoint("golden", 0)).state, { question: QUESTION, messages: [], plan: null, count: 0 });
    assert.deepEqual((await golden.store().checkpoint("golden", 1)).state, STATE_1);
    await expectCode(golden.store().checkpoint("golden", 3), "CHECKPOINT_NOT_FOUND");
    assert.deepEqual((await golden.store().checkpoints("golden")).map((c) => c.step), [0, 1, 2]);
    assert.deepEqual(await golden.store().verify("golden"), { records: 13, segments: 1, lastSeq: 12, bytes: golden.journal().length, step: 2 });
  });

  it("resumes it with the next step's recorded work, and continues it", async () => {
    const writer = await golden.store().open("golden");
    try {
      assert.equal(writer.epoch, 2);
      assert.equal(writer.resume.step, 2);
      assert.deepEqual(writer.resume.state, STATE_2);
      assert.deepEqual([...writer.resume.pending.keys()], ["review"]);
      assert.deepEqual(writer.resume.pending.get("review")?.writes, { count: 3 });
      assert.deepEqual([...writer.resume.tasks], [[taskKey("review", "score"), 0.87]]);
      assert.equal(writer.resume.runsWithoutProgress, 0);
      writer.commit({ step: 3, nodes: ["review"], changes: [{ key: "count", op: "set", value: 3 }], next: [], state: { ...STATE_2, count: 3 } });
      writer.end({ status: "completed", step: 3, at: Date.now() });
    } finally {
      await writer.close();
    }
    assert.equal((await golden.store().getThread("golden"))?.status, "completed");
    assert.deepEqual((await golden.store().checkpoint("golden")).state, { ...STATE_2, count: 3 });
    assert.equal((await golden.store().verify("golden")).segments, 2);
  });
});
