import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { appendReducer, END, START, StateGraph } from "../../../src/core/sdk/index";
import { appendItems, isAppendView } from "../../../src/core/state/appendList";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { createThread, execute, journal, resumeRun, startRun } from "./harness";

const Message = z.object({ role: z.string(), content: z.string() });

/** A chat: `turn` appends one message per step until there are `turns`; `seen` records what each call saw. */
function chatGraph(turns: number, seen: unknown[][] = []) {
  return new StateGraph(z.object({ messages: z.array(Message).default([]) }), { reducers: { messages: appendReducer } })
    .addNode("turn", (state) => {
      seen.push([...state.messages]);
      return { messages: { role: "user", content: `m${state.messages.length}` } };
    })
    .addEdge(START, "turn")
    .addConditionalEdges("turn", (state) => (state.messages.length < turns ? "turn" : END), ["turn", END])
    .compile();
}

describe("appendReducer: a list that grows by appending", () => {
  it("appends one item or an array's items, as concat does, and journals only the new items", async () => {
    const graph = new StateGraph(z.object({ log: z.array(z.string()).default(["start"]) }), { reducers: { log: appendReducer } })
      .addNode("a", () => ({ log: "one" }))
      .addNode("b", () => ({ log: ["two", "three"] }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "completed");
    assert.deepEqual([...(result.state.log as string[])], ["start", "one", "two", "three"]);
    const appends = (await journal(store)).flatMap((r) => (r.type === "checkpoint" ? r.changes : []));
    assert.deepEqual(appends.slice(1), [
      { key: "log", op: "append", items: ["one"] },
      { key: "log", op: "append", items: ["two", "three"] },
    ]);
  });

  it("gives every step a list that reads like an array and stays as it was when later steps append", async () => {
    const seen: unknown[][] = [];
    const lists: unknown[] = [];
    const graph = new StateGraph(z.object({ messages: z.array(Message).default([]) }), { reducers: { messages: appendReducer } })
      .addNode("turn", (state) => {
        lists.push(state.messages);
        seen.push([...state.messages]);
        return { messages: [{ role: "user", content: `m${state.messages.length}` }] };
      })
      .addEdge(START, "turn")
      .addConditionalEdges("turn", (state) => (state.messages.length < 4 ? "turn" : END), ["turn", END])
      .compile();
    const { result } = await startRun(graph, new MemoryStore());
    assert.equal(result.status, "completed");
    const final = result.state.messages as { content: string }[];
    assert.ok(Array.isArray(final));
    assert.equal(final.length, 4);
    assert.deepEqual(JSON.parse(JSON.stringify(final)).map((m: { content: string }) => m.content), ["m0", "m1", "m2", "m3"]);
    assert.deepEqual(final.map((m) => m.content), ["m0", "m1", "m2", "m3"]);
    assert.equal(final.at(-1)?.content, "m3");
    // The list a step was given still holds exactly what it held then.
    assert.deepEqual(
      lists.map((list) => (list as unknown[]).length),
      [0, 1, 2, 3],
    );
    assert.deepEqual(seen.map((list) => list.length), [0, 1, 2, 3]);
  });

  it("refuses a node changing the list in place, with the read-only hint", async () => {
    const graph = new StateGraph(z.object({ messages: z.array(z.string()).default([]) }), { reducers: { messages: appendReducer } })
      .addNode("first", () => ({ messages: ["a"] }))
      .addNode("pusher", (state) => {
        (state.messages as string[]).push("sneaky");
        return {};
      })
      .addEdge(START, "first")
      .addEdge("first", "pusher")
      .addEdge("pusher", END)
      .compile();
    const { result } = await startRun(graph, new MemoryStore());
    assert.equal(result.status, "failed");
    assert.match(result.error!.message, /node "pusher" failed: .*read[- ]only/);
    assert.match(result.error!.message, /return the keys you change/);
  });

  it("checks appended items against the list's item schema", async () => {
    const graph = new StateGraph(z.object({ messages: z.array(Message).default([]) }), { reducers: { messages: appendReducer } })
      .addNode("bad", () => ({ messages: [{ role: "user" }] }))
      .addEdge(START, "bad")
      .addEdge("bad", END)
      .compile();
    const { result } = await startRun(graph, new MemoryStore());
    assert.equal(result.status, "failed");
    assert.equal(result.error!.code, "STATE_INVALID");
    assert.match(result.error!.message, /messages\.0\.content/);
  });

  it("copies an older view before appending to it, so no view sees another's items", () => {
    const base = appendItems([], ["a"]);
    const left = appendItems(base, ["b"]);
    const right = appendItems(base, ["c"]);
    assert.deepEqual([...base], ["a"]);
    assert.deepEqual([...left], ["a", "b"]);
    assert.deepEqual([...right], ["a", "c"]);
    assert.ok(isAppendView(left) && isAppendView(right));
    assert.deepEqual(Object.keys(left), ["0", "1"]);
    assert.equal(JSON.stringify({ left }), '{"left":["a","b"]}');
  });

  it("resumes a chat from the file store's journal and snapshots with the same messages", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dg-append-"));
    try {
      const store = new FileStore(dir);
      const crashAt = 300;
      let calls = 0;
      const crashing = new StateGraph(z.object({ messages: z.array(Message).default([]) }), { reducers: { messages: appendReducer } })
        .addNode("turn", (state) => {
          if (++calls > crashAt) throw new Error("crash");
          return { messages: { role: "user", content: `m${state.messages.length}`.padEnd(80, ".") } };
        })
        .addEdge(START, "turn")
        .addConditionalEdges("turn", (state) => (state.messages.length < 500 ? "turn" : END), ["turn", END])
        .compile();
      const first = await execute(crashing, await createThread(crashing, store as unknown as MemoryStore));
      assert.equal(first.result.status, "failed");
      assert.equal((first.result.state.messages as unknown[]).length, crashAt);
      const resumed = await resumeRun(chatGraph(500), store as unknown as MemoryStore);
      assert.equal(resumed.result.status, "completed");
      const messages = resumed.result.state.messages as { content: string }[];
      assert.equal(messages.length, 500);
      assert.deepEqual(
        messages.map((m) => m.content.replace(/\.+$/, "")),
        Array.from({ length: 500 }, (_, i) => `m${i}`),
      );
      const history = await store.history("t");
      assert.ok(history.records.some((r) => r.type === "snapshot"), "a 500-message thread has snapshots");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
