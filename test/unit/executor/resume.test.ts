import assert from "node:assert/strict";
import type { NodeContext } from "../../../src/core/sdk/types";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { Calls, crashableWriter, createThread, deferred, execute, journal, recordsOf, resumeRun, SimulatedCrash, startRun } from "./harness";

const append = (all: string[], added: string[]) => all.concat(added);
const State = z.object({ log: z.array(z.string()).default([]), total: z.number().default(0) });
type State = z.infer<typeof State>;

/** START → plan → (ok, flaky in parallel) → join → END; `flaky` fails while `broken` is true. */
function fanOutGraph(calls: Calls, broken: boolean) {
  return new StateGraph(State, { reducers: { log: append } })
    .addNode("plan", () => (calls.hit("plan"), { log: ["plan"] }))
    .addNode("ok", () => (calls.hit("ok"), { log: ["ok"] }))
    .addNode("flaky", () => {
      calls.hit("flaky");
      if (broken) throw new Error("upstream said no");
      return { log: ["flaky"] };
    })
    .addNode("join", (s) => (calls.hit("join"), { total: s.log.length }))
    .addEdge(START, "plan")
    .addConditionalEdges("plan", () => ["ok", "flaky"], ["ok", "flaky"])
    .addEdge(["ok", "flaky"], "join")
    .addEdge("join", END)
    .compile();
}

describe("executeThread: resume", () => {
  it("after a node of a fanned-out step fails, resuming with a fixed graph runs only that node again", async () => {
    const store = new MemoryStore();
    const calls = new Calls();
    const failed = await startRun(fanOutGraph(calls, true), store);
    assert.equal(failed.result.status, "failed");
    assert.equal(failed.result.step, 1, "step 2 was not committed");
    assert.equal(failed.result.error?.code, "NODE_FAILED");
    assert.equal(failed.result.error?.node, "flaky");
    assert.match(failed.result.error!.message, /node "flaky" failed: upstream said no/);
    assert.equal((await store.getThread("t"))?.status, "failed");

    const resumed = await resumeRun(fanOutGraph(calls, false), store);
    assert.equal(resumed.result.status, "completed");
    const started = resumed.events[0];
    assert.ok(started?.type === "run-started");
    assert.deepEqual({ resumed: started.resumed, step: started.step, next: started.next, pending: started.pending }, { resumed: true, step: 1, next: ["ok", "flaky"], pending: ["ok"] });
    assert.deepEqual(
      resumed.events.flatMap((e) => (e.type === "node-started" ? [e.node] : [])),
      ["flaky", "join"],
      "plan (committed) and ok (recorded) do not run again",
    );
    const replayed = resumed.events.find((e) => e.type === "node-finished" && e.node === "ok");
    assert.ok(replayed?.type === "node-finished" && replayed.replayed);
    assert.deepEqual([calls.of("plan"), calls.of("ok"), calls.of("flaky"), calls.of("join")], [1, 1, 2, 1]);
    assert.deepEqual(resumed.result.state, { log: ["plan", "ok", "flaky"], total: 3 }, "ok's recorded write is merged in its place");
  });

  it("after a crash between a node's record and the step's commit, only the unfinished nodes run again", async () => {
    const store = new MemoryStore();
    const firstDone = deferred();
    let resumedRun = false;
    const calls = new Calls();
    const graph = new StateGraph(State, { reducers: { log: append } })
      .addNode("a", () => {
        calls.hit(resumedRun ? "a again" : "a");
        firstDone.resolve();
        return { log: ["a"] };
      })
      .addNode("b", async () => {
        await firstDone.promise;
        calls.hit(resumedRun ? "b again" : "b");
        return { log: ["b"] };
      })
      .addEdge(START, "a")
      .addEdge(START, "b")
      .addEdge(["a", "b"], END)
      .compile();
    const { writer, crash } = crashableWriter(await createThread(graph, store));
    await assert.rejects(
      execute(graph, writer, { faults: { afterNodeRecorded: (_step, node) => node === "a" && crash() } }),
      SimulatedCrash,
    );
    const info = await store.getThread("t");
    assert.equal(info?.status, "interrupted", "a crash leaves no end record");
    assert.deepEqual(recordsOf(await journal(store), "node").map((r) => r.node), ["a"]);

    resumedRun = true;
    const resumed = await resumeRun(graph, store);
    assert.equal(resumed.result.status, "completed");
    assert.equal(calls.of("a again"), 0, "a's completion was recorded: it is never executed again");
    assert.equal(calls.of("b again"), 1);
    assert.deepEqual(resumed.result.state, { log: ["a", "b"], total: 0 });
  });

  it("returns a memoised task's recorded result on resume without calling it again", async () => {
    const store = new MemoryStore();
    let charges = 0;
    let broken = true;
    const graph = new StateGraph(State)
      .addNode("pay", async (_s: State, ctx: NodeContext) => {
        const receipt = await ctx.task("charge", () => ({ id: `receipt-${++charges}` }));
        if (broken) throw new Error("crashed after charging");
        return { log: [receipt.id] };
      })
      .addEdge(START, "pay")
      .addEdge("pay", END)
      .compile();
    const failed = await startRun(graph, store);
    assert.equal(failed.result.status, "failed");
    assert.equal(charges, 1);
    const tasks = recordsOf(await journal(store), "task");
    assert.deepEqual(tasks.map(({ step, node, name, value }) => ({ step, node, name, value })), [{ step: 1, node: "pay", name: "charge", value: { id: "receipt-1" } }]);

    broken = false;
    const resumed = await resumeRun(graph, store);
    assert.equal(resumed.result.status, "completed");
    assert.equal(charges, 1, "the charge is not made twice");
    assert.deepEqual(resumed.result.state.log, ["receipt-1"]);
  });

  it("memoises a task across retries of the same run too", async () => {
    let charges = 0;
    const graph = new StateGraph(State)
      .addNode(
        "pay",
        async (_s: State, ctx: NodeContext) => {
          const receipt = await ctx.task("charge", () => `receipt-${++charges}`);
          if (ctx.attempt === 1) throw new Error("flaked after charging");
          return { log: [receipt] };
        },
        { retry: { maxAttempts: 2, initialDelayMs: 1, jitter: false } },
      )
      .addEdge(START, "pay")
      .addEdge("pay", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "completed");
    assert.equal(charges, 1, "the retry gets the recorded receipt");
    assert.deepEqual(result.state.log, ["receipt-1"]);
    assert.equal(recordsOf(await journal(store), "task").length, 1);
  });

  it("refuses a task result that cannot be journalled", async () => {
    const graph = new StateGraph(State)
      .addNode("pay", async (_s: State, ctx: NodeContext) => void (await ctx.task("when", () => new Date())))
      .addEdge(START, "pay")
      .addEdge("pay", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.error?.code, "NOT_SERIALIZABLE");
    assert.match(result.error!.message, /task "when" of node "pay" returned an instance of Date/);
    assert.equal(recordsOf(await journal(store), "task").length, 0);
  });

  it("cancels mid-run through an AbortSignal, and a later run resumes to the same final state", async () => {
    const graphFor = (calls: Calls, bRunning = deferred()) =>
      new StateGraph(State, { reducers: { log: append } })
        .addNode("a", () => (calls.hit("a"), { log: ["a"] }))
        .addNode("b", async (_s: State, ctx: NodeContext) => {
          if (calls.hit("b") === 1) {
            // The first time, hang until cancelled, as a slow call honouring its signal would.
            bRunning.resolve();
            await new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true }));
          }
          return { log: ["b"] };
        })
        .addNode("c", () => (calls.hit("c"), { log: ["c"] }))
        .addEdge(START, "a")
        .addEdge("a", "b")
        .addEdge("b", "c")
        .addEdge("c", END)
        .compile();

    const referenceCalls = new Calls();
    referenceCalls.hit("b"); // so the reference run's b does not hang
    const reference = await startRun(graphFor(referenceCalls), new MemoryStore());
    assert.equal(reference.result.status, "completed");

    const calls = new Calls();
    const bRunning = deferred();
    const graph = graphFor(calls, bRunning);
    const store = new MemoryStore();
    const controller = new AbortController();
    const running = startRun(graph, store, "t", { signal: controller.signal });
    await bRunning.promise;
    controller.abort();
    const cancelled = await running;
    assert.equal(cancelled.result.status, "cancelled");
    assert.equal(cancelled.result.step, 1, "a's step is committed, b's is not");
    assert.deepEqual(cancelled.events.at(-1), { type: "cancelled", step: 1 });
    assert.ok(!cancelled.events.some((e) => e.type === "failed"));
    assert.equal((await store.getThread("t"))?.status, "cancelled");
    assert.equal(recordsOf(await journal(store), "failure").length, 0, "a cancelled try is not a failure");

    const resumed = await resumeRun(graph, store);
    assert.equal(resumed.result.status, "completed");
    assert.deepEqual(resumed.result.state, reference.result.state);
    assert.deepEqual((await store.checkpoint("t")).state, reference.result.state);
    assert.deepEqual([calls.of("a"), calls.of("b"), calls.of("c")], [1, 2, 1]);
  });

  it("cancels during a retry's backoff at once, without waiting for the delay", async () => {
    const graph = new StateGraph(State)
      .addNode(
        "a",
        () => {
          throw new Error("try later");
        },
        { retry: { maxAttempts: 3, initialDelayMs: 3_600_000, jitter: false } },
      )
      .addEdge(START, "a")
      .addEdge("a", END)
      .compile();
    const controller = new AbortController();
    const started = performance.now();
    const { result, events } = await startRun(graph, new MemoryStore(), "t", {
      signal: controller.signal,
      tap: (event) => event.type === "node-retry" && controller.abort(),
    });
    assert.equal(result.status, "cancelled");
    assert.ok(performance.now() - started < 5_000, "the hour-long backoff was cut short");
    assert.deepEqual(events.filter((e) => e.type === "node-started").length, 1);
  });

  it("does not call a node when the run is cancelled just as the node starts", async () => {
    const calls = new Calls();
    const graph = new StateGraph(State)
      .addNode("a", () => void calls.hit("a"))
      .addNode("b", () => void calls.hit("b"))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", END)
      .compile();
    const controller = new AbortController();
    const { result } = await startRun(graph, new MemoryStore(), "t", {
      signal: controller.signal,
      tap: (event) => event.type === "node-started" && event.node === "b" && controller.abort(),
    });
    assert.equal(result.status, "cancelled");
    assert.equal(result.step, 1);
    assert.deepEqual([calls.of("a"), calls.of("b")], [1, 0]);
  });

  it("does not start a run whose signal is already aborted", async () => {
    const calls = new Calls();
    const graph = new StateGraph(State).addNode("a", () => void calls.hit("a")).addEdge(START, "a").addEdge("a", END).compile();
    const { result } = await startRun(graph, new MemoryStore(), "t", { signal: AbortSignal.abort() });
    assert.equal(result.status, "cancelled");
    assert.equal(calls.of("a"), 0);
  });
});
