import assert from "node:assert/strict";
import { taskKey } from "../../../src/core/store/checkpointStore";
import { decodeLine, decodeSingle } from "../../../src/core/store/file/journalLine";
import { useGoldenFixture } from "./helpers/goldenFixture";
import { expectCode } from "./storeTestKit";

/**
 * A thread written by journal format version 2 (`test/fixtures/journal-v2`): single-node steps as
 * compact lines (one with logs, sets and an append and another node due next; one whose node's writes
 * differ from its changes, committed 40 ms after it started), a two-node step's records one per line,
 * a task and a recorded node pending. Every later version of the store must still read it exactly so.
 */
const QUESTION = "Why is the sky blue?";
const PLAN = { steps: ["research", "write"] };
const MESSAGES = ["plan: look up Rayleigh scattering", "research: shorter wavelengths scatter more", "write: blue light scatters most"];
const STATE_1 = { question: QUESTION, messages: MESSAGES.slice(0, 1), plan: PLAN, count: 1 };
const STATE_3 = { question: QUESTION, messages: MESSAGES, plan: null, count: 2 };

describe("journal format v2 (golden fixture)", () => {
  const golden = useGoldenFixture("journal-v2");

  it("holds checksummed lines, two of them compact steps", () => {
    const lines = golden.journal().toString("utf8").split("\n");
    assert.equal(lines.pop(), "");
    assert.equal(lines.length, 14);
    for (const line of lines) assert.ok(decodeLine(line).ok, line);
    assert.equal(lines.filter((line) => line.startsWith('{"q":')).length, 2);
    const header = decodeSingle(lines[0]!);
    assert.ok(header?.type === "segment" && header.version === 2);
  });

  it("reads the summary, history and checkpoints", async () => {
    const info = await golden.store().getThread("golden");
    assert.deepEqual(
      info && { id: info.id, graph: info.graph, status: info.status, step: info.step, lastNodes: info.lastNodes, next: info.next },
      { id: "golden", graph: "examples/research.graph.ts", status: "interrupted", step: 3, lastNodes: ["review"], next: ["review"] },
    );
    const { records, nextSeq } = await golden.store().history("golden");
    assert.equal(nextSeq, undefined);
    assert.deepEqual(records.map((r) => r.seq), [...Array(16).keys()]);
    assert.deepEqual(
      records.map((r) => (r.type === "node" || r.type === "task" || r.type === "failure" ? `${r.type}:${r.step}:${r.node}` : r.type === "checkpoint" ? `checkpoint:${r.step}` : r.type)),
      ["segment", "thread", "checkpoint:0", "run", "node:1:plan", "checkpoint:1", "task:2:research", "node:2:research", "failure:2:write", "node:2:write", "checkpoint:2", "node:3:review", "checkpoint:3", "task:4:review", "node:4:review", "release"],
    );
    const header = records[0]!;
    assert.ok(header.type === "segment");
    const plan = records[4]!;
    assert.ok(plan.type === "node");
    assert.deepEqual(
      { attempt: plan.attempt, startedAt: plan.startedAt - header.at, durationMs: plan.durationMs, writes: plan.writes, logs: plan.logs },
      { attempt: 1, startedAt: 2, durationMs: 1.234, writes: { plan: PLAN, count: 1, messages: MESSAGES.slice(0, 1) }, logs: [{ level: "info", message: "planning…", at: header.at + 2 }] },
    );
    const first = records[5]!;
    assert.ok(first.type === "checkpoint");
    assert.deepEqual(
      { nodes: first.nodes, next: first.next, at: first.at - plan.startedAt, changes: first.changes },
      {
        nodes: ["plan"],
        next: ["research", "write"],
        at: 0,
        changes: [
          { key: "plan", op: "set", value: PLAN },
          { key: "count", op: "set", value: 1 },
          { key: "messages", op: "append", items: MESSAGES.slice(0, 1) },
        ],
      },
    );
    const review = records[11]!;
    const third = records[12]!;
    assert.ok(review.type === "node" && third.type === "checkpoint");
    assert.deepEqual(review.writes, { count: 1 });
    assert.deepEqual(third.changes, [{ key: "count", op: "set", value: 2 }]);
    assert.equal(review.startedAt - header.at, -37);
    assert.equal(third.at - review.startedAt, 40);
    assert.deepEqual(third.next, ["review"]);

    assert.deepEqual((await golden.store().checkpoint("golden")).state, STATE_3);
    assert.deepEqual((await golden.store().checkpoint("golden", 1)).state, STATE_1);
    await expectCode(golden.store().checkpoint("golden", 4), "CHECKPOINT_NOT_FOUND");
    assert.deepEqual((await golden.store().checkpoints("golden")).map((c) => c.step), [0, 1, 2, 3]);
    assert.deepEqual(await golden.store().verify("golden"), { records: 16, segments: 1, lastSeq: 15, bytes: golden.journal().length, step: 3 });
  });

  it("resumes it with the next step's recorded work, and continues it", async () => {
    const writer = await golden.store().open("golden");
    try {
      assert.equal(writer.epoch, 2);
      assert.equal(writer.resume.step, 3);
      assert.deepEqual(writer.resume.state, STATE_3);
      assert.deepEqual(writer.resume.pending.get("review")?.writes, { count: 1 });
      assert.deepEqual([...writer.resume.tasks], [[taskKey("review", "score"), 0.87]]);
      writer.commit({ step: 4, nodes: ["review"], changes: [{ key: "count", op: "set", value: 3 }], next: [], state: { ...STATE_3, count: 3 } });
      writer.end({ status: "completed", step: 4, at: Date.now() });
    } finally {
      await writer.close();
    }
    assert.equal((await golden.store().getThread("golden"))?.status, "completed");
    assert.deepEqual((await golden.store().checkpoint("golden")).state, { ...STATE_3, count: 3 });
    assert.equal((await golden.store().verify("golden")).segments, 2);
  });
});
