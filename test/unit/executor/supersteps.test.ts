import assert from "node:assert/strict";
import type { NodeContext } from "../../../src/core/sdk/types";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { Calls, deferred, journal, recordsOf, startRun } from "./harness";

const append = (all: string[], added: string[]) => all.concat(added);

describe("executeThread: super-steps", () => {
  it("runs a linear graph to END, one checkpoint per node, each node seeing the state before it", async () => {
    const State = z.object({ text: z.string().default(""), trail: z.array(z.string()).default([]) });
    const seen: { node: string; step: number; thread: string; attempt: number; text: string }[] = [];
    const node = (name: string) => (state: z.infer<typeof State>, ctx: NodeContext) => {
      seen.push({ node: ctx.node, step: ctx.step, thread: ctx.threadId, attempt: ctx.attempt, text: state.text });
      return { text: state.text + name, trail: [...state.trail, name] };
    };
    const graph = new StateGraph(State)
      .addNode("a", node("a"))
      .addNode("b", node("b"))
      .addNode("c", node("c"))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", "c")
      .addEdge("c", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store, "linear");

    assert.equal(result.status, "completed");
    assert.equal(result.step, 3);
    assert.deepEqual(result.state, { text: "abc", trail: ["a", "b", "c"] });
    assert.deepEqual(seen, [
      { node: "a", step: 1, thread: "linear", attempt: 1, text: "" },
      { node: "b", step: 2, thread: "linear", attempt: 1, text: "a" },
      { node: "c", step: 3, thread: "linear", attempt: 1, text: "ab" },
    ]);
    assert.deepEqual((await store.checkpoint("linear", 1)).state, { text: "a", trail: ["a"] });
    assert.deepEqual((await store.checkpoint("linear")).state, result.state, "the journal holds the same final state");
    assert.equal((await store.getThread("linear"))?.status, "completed");
  });

  it("combines writes through a key's reducer (append) and replaces keys without one", async () => {
    const State = z.object({ log: z.array(z.string()).default(["input"]), last: z.string().default("") });
    const graph = new StateGraph(State, { reducers: { log: append } })
      .addNode("a", () => ({ log: ["a"], last: "a" }))
      .addNode("b", () => ({ log: ["b1", "b2"], last: "b" }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.deepEqual(result.state, { log: ["input", "a", "b1", "b2"], last: "b" });
    const changes = recordsOf(await journal(store), "checkpoint").map((c) => c.changes);
    assert.deepEqual(changes.at(-1), [
      { key: "log", op: "append", items: ["b1", "b2"] },
      { key: "last", op: "set", value: "b" },
    ], "a step stores only what it added");
  });

  it("refuses a reducer that changes the current value in place, saying how to fix it, and journals nothing wrong", async () => {
    const State = z.object({ log: z.array(z.string()).default([]) });
    const pushInPlace = (all: string[], added: string[]) => {
      all.push(...added);
      return all;
    };
    const graph = new StateGraph(State, { reducers: { log: pushInPlace } })
      .addNode("a", () => ({ log: ["a"] }))
      .addEdge(START, "a")
      .addEdge("a", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "failed");
    assert.equal(result.error?.code, "REDUCER_FAILED");
    assert.match(result.error!.message, /the reducer of "log" changed the current value in place; return a new value instead/);
    assert.deepEqual((await store.checkpoint("t")).state, { log: [] }, "the journal holds the last good state");
  });

  it("refuses a node that changes the state in place, and keeps the state as it was", async () => {
    const State = z.object({ log: z.array(z.string()).default([]), other: z.array(z.string()).default([]) });
    const graph = new StateGraph(State)
      .addNode("a", (s) => {
        s.log.push("a");
        return { log: s.log };
      })
      .addEdge(START, "a")
      .addEdge("a", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "failed");
    assert.equal(result.error?.node, "a");
    assert.match(result.error!.message, /the state is read-only: return the keys you change/);
    assert.deepEqual((await store.checkpoint("t")).state, { log: [], other: [] });
  });

  it("keeps a returned value from being changed afterwards by the node that returned it", async () => {
    const State = z.object({ items: z.array(z.number()).default([]), count: z.number().default(0) });
    const mine: number[] = [];
    const graph = new StateGraph(State)
      .addNode("a", (s) => {
        if (s.count === 0) {
          mine.push(1);
          return { items: mine, count: 1 };
        }
        mine.push(2); // the array is part of the state now: this must not change it silently
        return { count: s.count + 1 };
      })
      .addEdge(START, "a")
      .addConditionalEdges("a", (s) => (s.count < 2 ? "a" : END), ["a", END])
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "failed");
    assert.deepEqual((await store.checkpoint("t")).state, { items: [1], count: 1 });
  });

  it("loops on a conditional edge until a counter reaches N", async () => {
    const State = z.object({ count: z.number().default(0) });
    const calls = new Calls();
    const graph = new StateGraph(State)
      .addNode("inc", (s) => (calls.hit("inc"), { count: s.count + 1 }))
      .addEdge(START, "inc")
      .addConditionalEdges("inc", (s) => (s.count < 5 ? "inc" : END), ["inc", END])
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "completed");
    assert.deepEqual(result.state, { count: 5 });
    assert.equal(result.step, 5);
    assert.equal(calls.of("inc"), 5);
    const checkpoints = await store.checkpoints("t");
    assert.deepEqual(checkpoints.map((c) => c.next), [["inc"], ["inc"], ["inc"], ["inc"], ["inc"], []]);
  });

  it("fans out to the nodes a router lists and fans in to a join that runs once", async () => {
    const State = z.object({ found: z.array(z.string()).default([]), summary: z.string().default("") });
    const calls = new Calls();
    const graph = new StateGraph(State, { reducers: { found: append } })
      .addNode("plan", () => void calls.hit("plan"))
      .addNode("search", () => (calls.hit("search"), { found: ["from search"] }))
      .addNode("fetch", () => (calls.hit("fetch"), { found: ["from fetch"] }))
      .addNode("join", (s) => (calls.hit("join"), { summary: s.found.join(" + ") }))
      .addEdge(START, "plan")
      .addConditionalEdges("plan", () => ["search", "fetch"], ["search", "fetch"])
      .addEdge(["search", "fetch"], "join")
      .addEdge("join", END)
      .compile();
    const { result, events } = await startRun(graph, new MemoryStore());
    assert.equal(result.status, "completed");
    assert.deepEqual(
      events.flatMap((e) => (e.type === "step-started" ? [e.nodes] : [])),
      [["plan"], ["search", "fetch"], ["join"]],
    );
    assert.equal(calls.of("join"), 1);
    assert.equal(calls.of("search"), 1);
    assert.equal(calls.of("fetch"), 1);
    assert.deepEqual(result.state, { found: ["from search", "from fetch"], summary: "from search + from fetch" });
  });

  it("runs a step's nodes concurrently and merges their writes in the step's node order, not finish order", async () => {
    const State = z.object({ log: z.array(z.string()).default([]), winner: z.string().default("") });
    const fastDone = deferred();
    const graph = new StateGraph(State, { reducers: { log: append } })
      .addNode("slow", async () => {
        await fastDone.promise; // finishes only after "fast" did: they run at the same time
        return { log: ["slow"], winner: "slow" };
      })
      .addNode("fast", () => {
        fastDone.resolve();
        return { log: ["fast"], winner: "fast" };
      })
      .addEdge(START, "slow")
      .addEdge(START, "fast")
      .addEdge(["slow", "fast"], END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.deepEqual(
      recordsOf(await journal(store), "node").map((r) => r.node),
      ["fast", "slow"],
      "each completion is recorded as it happens",
    );
    assert.deepEqual(result.state, { log: ["slow", "fast"], winner: "fast" }, "merged as listed: slow, then fast");
  });

  it("reports events in order: run-started, then per step step-started, node-started, node-finished, checkpoint, then done", async () => {
    const State = z.object({ n: z.number().default(0) });
    const graph = new StateGraph(State)
      .addNode("a", (s) => ({ n: s.n + 1 }))
      .addNode("b", () => undefined)
      .addNode("never", () => undefined)
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", END)
      .compile();
    const { events } = await startRun(graph, new MemoryStore(), "ev");
    assert.deepEqual(
      events.map((e) => ("node" in e ? `${e.type}:${e.node}` : e.type)),
      [
        "run-started",
        "warning",
        "step-started",
        "node-started:a",
        "node-finished:a",
        "checkpoint",
        "step-started",
        "node-started:b",
        "node-finished:b",
        "checkpoint",
        "done",
      ],
    );
    const started = events[0];
    assert.ok(started?.type === "run-started");
    assert.deepEqual({ resumed: started.resumed, step: started.step, next: started.next, thread: started.thread }, { resumed: false, step: 0, next: ["a"], thread: "ev" });
    const warning = events[1];
    assert.ok(warning?.type === "warning" && /"never" can never run/.test(warning.message));
    const checkpoints = events.filter((e) => e.type === "checkpoint");
    assert.deepEqual(checkpoints, [
      { type: "checkpoint", step: 1, nodes: ["a"], next: ["b"], changed: ["n"] },
      { type: "checkpoint", step: 2, nodes: ["b"], next: [], changed: [] },
    ]);
    const finished = events.find((e) => e.type === "node-finished" && e.node === "a");
    assert.ok(finished?.type === "node-finished");
    assert.deepEqual({ replayed: finished.replayed, keys: finished.keys, attempt: finished.attempt }, { replayed: false, keys: ["n"], attempt: 1 });
    assert.deepEqual(events.at(-1), { type: "done", step: 2, state: { n: 1 } });
  });
});
