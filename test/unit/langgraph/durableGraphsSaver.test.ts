import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotation, Command, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import { emptyCheckpoint, type Checkpoint } from "@langchain/langgraph-checkpoint";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { nodeFs } from "../../../src/core/store/file/storeFs";
import { DurableGraphsSaver } from "../../../src/langgraph";

const meta = { source: "loop" as const, step: 0, parents: {} };

function checkpoint(id: string, values: Record<string, unknown>, versions: Record<string, number>): Checkpoint {
  return { ...emptyCheckpoint(), id, channel_values: values, channel_versions: versions };
}

describe("DurableGraphsSaver (LangGraph.js checkpointer on the file store)", () => {
  let dir: string;
  let savers: DurableGraphsSaver[];
  const saver = (options: { fsync?: boolean } = {}) => {
    const s = new DurableGraphsSaver({ directory: join(dir, ".durable"), graph: "test.graph.ts", ...options });
    savers.push(s);
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dg-lg-unit-"));
    savers = [];
  });
  afterEach(async () => {
    for (const s of savers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps namespaces (subgraphs) apart: the same checkpoint id in two namespaces holds its own values and writes", async () => {
    const s = saver();
    const root = await s.put({ configurable: { thread_id: "ns" } }, checkpoint("00000001", { x: "root" }, { x: 1 }), meta, { x: 1 });
    const child = await s.put({ configurable: { thread_id: "ns", checkpoint_ns: "inner:task-1" } }, checkpoint("00000001", { x: "child" }, { x: 1 }), meta, { x: 1 });
    await s.putWrites(root, [["x", "root write"]], "t-root");
    await s.putWrites(child, [["x", "child write"]], "t-child");
    // Read back by a saver that did not write them: from the journal.
    const reader = saver();
    const fromRoot = await reader.getTuple({ configurable: { thread_id: "ns", checkpoint_ns: "" } });
    const fromChild = await reader.getTuple({ configurable: { thread_id: "ns", checkpoint_ns: "inner:task-1" } });
    assert.deepEqual([fromRoot?.checkpoint.channel_values, fromRoot?.pendingWrites], [{ x: "root" }, [["t-root", "x", "root write"]]]);
    assert.deepEqual([fromChild?.checkpoint.channel_values, fromChild?.pendingWrites], [{ x: "child" }, [["t-child", "x", "child write"]]]);
    const listed = [];
    for await (const tuple of reader.list({ configurable: { thread_id: "ns", checkpoint_ns: "inner:task-1" } })) listed.push(tuple.config.configurable?.checkpoint_ns);
    assert.deepEqual(listed, ["inner:task-1"]);
  });

  it("refuses a thread_id the store cannot name, and a thread that is Durable Graphs' own", async () => {
    const s = saver();
    await assert.rejects(s.put({ configurable: { thread_id: "my thread/1" } }, emptyCheckpoint(), meta, {}), { code: "INVALID_ID" });
    assert.equal(await s.getTuple({ configurable: { thread_id: "my thread/1" } }), undefined, "reads find nothing under it");
    const store = new FileStore(join(dir, ".durable"));
    const ours = await store.create({ thread: "ours", graph: "g.graph.ts", state: { a: 1 }, next: ["n"] });
    await ours.close();
    await assert.rejects(s.put({ configurable: { thread_id: "ours" } }, emptyCheckpoint(), meta, {}), /Durable Graphs thread, not a LangGraph\.js one/);
  });

  it("holds the thread while it writes and lets it go on close: then another saver continues it", async () => {
    const first = saver();
    const config = await first.put({ configurable: { thread_id: "handover" } }, checkpoint("00000001", { n: 1 }, { n: 1 }), meta, { n: 1 });
    const second = saver();
    await assert.rejects(second.put(config, checkpoint("00000002", { n: 2 }, { n: 2 }), { ...meta, step: 1 }, { n: 2 }), { code: "THREAD_LOCKED" });
    await first.close();
    const next = await second.put(config, checkpoint("00000002", { n: 2 }, { n: 2 }), { ...meta, step: 1 }, { n: 2 });
    const tuple = await second.getTuple(next);
    assert.deepEqual([tuple?.checkpoint.channel_values, tuple?.parentConfig?.configurable?.checkpoint_id], [{ n: 2 }, "00000001"]);
    assert.equal((await second.getTuple(config))?.checkpoint.channel_values.n, 1);
  });

  it("shows a LangGraph interrupt() as a thread waiting for input with its question, and its resume as completed", async () => {
    const State = Annotation.Root({ draft: Annotation<string>(), approved: Annotation<boolean>() });
    const s = saver();
    const app = new StateGraph(State)
      .addNode("write", async () => ({ draft: "Hello" }))
      .addNode("review", async () => ({ approved: interrupt({ question: "Send it?" }) as boolean }))
      .addEdge(START, "write")
      .addEdge("write", "review")
      .addEdge("review", END)
      .compile({ checkpointer: s });
    const config = { configurable: { thread_id: "approval" } };
    await app.invoke({ draft: "" }, config);
    await s.close();
    const store = new FileStore(join(dir, ".durable"));
    const waiting = await store.getThread("approval");
    assert.deepEqual(
      [waiting?.status, waiting?.step, waiting?.lastNodes, waiting?.next, waiting?.questions?.map((q) => [q.node, q.value])],
      ["waiting", 1, ["write"], ["review"], [["review", { question: "Send it?" }]]],
    );
    const resumedBy = saver();
    const app2 = new StateGraph(State)
      .addNode("write", async () => ({ draft: "Hello" }))
      .addNode("review", async () => ({ approved: interrupt({ question: "Send it?" }) as boolean }))
      .addEdge(START, "write")
      .addEdge("write", "review")
      .addEdge("review", END)
      .compile({ checkpointer: resumedBy });
    const result = await app2.invoke(new Command({ resume: true }), config);
    assert.deepEqual(result, { draft: "Hello", approved: true });
    await resumedBy.close();
    const done = await store.getThread("approval");
    assert.deepEqual([done?.status, done?.lastNodes, done?.next], ["completed", ["review"], []]);
    assert.deepEqual((await store.checkpoint("approval")).state, { draft: "Hello", approved: true });
  });

  it("shows a node that threw as a failed thread, with the node and its message", async () => {
    const State = Annotation.Root({ n: Annotation<number>() });
    const s = saver();
    const app = new StateGraph(State)
      .addNode("fetch", async () => {
        throw new Error("service unavailable");
      })
      .addEdge(START, "fetch")
      .addEdge("fetch", END)
      .compile({ checkpointer: s });
    await assert.rejects(app.invoke({ n: 1 }, { configurable: { thread_id: "broken" } }), /service unavailable/);
    await s.close();
    const info = await new FileStore(join(dir, ".durable")).getThread("broken");
    assert.deepEqual([info?.status, info?.error?.node, info?.error?.message], ["failed", "fetch", "service unavailable"]);
  });

  it("in fsync mode, syncs each put and each write before it returns", async () => {
    let syncs = 0;
    const fs = { ...nodeFs, fdatasyncSync: (fd: number) => (syncs++, nodeFs.fdatasyncSync(fd)) };
    const store = new FileStore(join(dir, ".durable"), { durability: "fsync", fs });
    const s = new DurableGraphsSaver({ store, graph: "test.graph.ts" });
    savers.push(s);
    const config = await s.put({ configurable: { thread_id: "synced" } }, checkpoint("00000001", { n: 1 }, { n: 1 }), meta, { n: 1 });
    const before = syncs;
    await s.putWrites(config, [["n", 2]], "task-a");
    assert.equal(syncs, before + 1, "the write was synced");
    await s.put(config, checkpoint("00000002", { n: 2 }, { n: 2 }), { ...meta, step: 1 }, { n: 2 });
    assert.ok(syncs >= before + 2, "the checkpoint was synced");
  });
});
