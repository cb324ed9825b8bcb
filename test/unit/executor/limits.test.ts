import assert from "node:assert/strict";
import { isDurableError } from "../../../src/core/errors";
import { retryDelay } from "../../../src/core/executor/retryPolicy";
import type { NodeContext } from "../../../src/core/sdk/types";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { Calls, journal, recordsOf, resumeRun, startRun } from "./harness";

const State = z.object({ n: z.number().default(0), note: z.string().default("") });
type State = z.infer<typeof State>;

describe("executeThread: bounds", () => {
  describe("retries", () => {
    it("retries with backoff and succeeds on attempt 3, journalling attempts 1 and 2 as failures", async () => {
      const attempts: number[] = [];
      const graph = new StateGraph(State)
        .addNode(
          "fetch",
          (_s: State, ctx: NodeContext) => {
            attempts.push(ctx.attempt);
            ctx.log.info(`try ${ctx.attempt}`);
            if (ctx.attempt < 3) throw new Error(`503 on try ${ctx.attempt}`);
            return { note: "fetched" };
          },
          { retry: { maxAttempts: 5, initialDelayMs: 2, backoffFactor: 3, jitter: false } },
        )
        .addEdge(START, "fetch")
        .addEdge("fetch", END)
        .compile();
      const store = new MemoryStore();
      const { result, events } = await startRun(graph, store);
      assert.equal(result.status, "completed");
      assert.deepEqual(result.state, { n: 0, note: "fetched" });
      assert.deepEqual(attempts, [1, 2, 3]);
      assert.deepEqual(
        events.flatMap((e) => (e.type === "node-retry" ? [{ attempt: e.attempt, delayMs: e.delayMs, message: e.error.message }] : [])),
        [
          { attempt: 1, delayMs: 2, message: "503 on try 1" },
          { attempt: 2, delayMs: 6, message: "503 on try 2" },
        ],
      );
      const records = await journal(store);
      const failures = recordsOf(records, "failure");
      assert.deepEqual(
        failures.map((f) => ({ node: f.node, attempt: f.attempt, final: f.final, message: f.error.message, logs: f.logs?.map((l) => l.message) })),
        [
          { node: "fetch", attempt: 1, final: false, message: "503 on try 1", logs: ["try 1"] },
          { node: "fetch", attempt: 2, final: false, message: "503 on try 2", logs: ["try 2"] },
        ],
      );
      const [node] = recordsOf(records, "node");
      assert.equal(node?.attempt, 3);
      assert.deepEqual(node?.logs?.map((l) => l.message), ["try 3"], "each try keeps its own log");
    });

    it("gives up after maxAttempts, the last failure final, and the run failed naming the node", async () => {
      const graph = new StateGraph(State)
        .addNode(
          "fetch",
          () => {
            throw new TypeError("always broken");
          },
          { retry: { maxAttempts: 2, initialDelayMs: 1, jitter: false } },
        )
        .addEdge(START, "fetch")
        .addEdge("fetch", END)
        .compile();
      const store = new MemoryStore();
      const { result } = await startRun(graph, store);
      assert.equal(result.status, "failed");
      assert.equal(result.error?.code, "NODE_FAILED");
      assert.equal(result.error?.node, "fetch");
      assert.deepEqual(
        recordsOf(await journal(store), "failure").map((f) => [f.attempt, f.final, f.error.name]),
        [
          [1, false, "TypeError"],
          [2, true, "TypeError"],
        ],
      );
      const info = await store.getThread("t");
      assert.deepEqual(info?.error && { code: info.error.code, node: info.error.node }, { code: "NODE_FAILED", node: "fetch" });
    });

    it("does not retry what retryOn refuses", async () => {
      const calls = new Calls();
      const graph = new StateGraph(State)
        .addNode(
          "fetch",
          () => {
            calls.hit("fetch");
            throw new Error("404");
          },
          { retry: { maxAttempts: 5, initialDelayMs: 1, retryOn: (e) => !(e instanceof Error && e.message === "404") } },
        )
        .addEdge(START, "fetch")
        .addEdge("fetch", END)
        .compile();
      const { result } = await startRun(graph, new MemoryStore());
      assert.equal(result.status, "failed");
      assert.equal(calls.of("fetch"), 1);
    });

    it("computes backoff delays: growing by the factor, capped, jittered within ±50%", () => {
      const policy = { maxAttempts: 10, initialDelayMs: 100, backoffFactor: 2, maxDelayMs: 500, jitter: false };
      assert.deepEqual([1, 2, 3, 4, 5].map((a) => retryDelay(policy, a, new Error())), [100, 200, 400, 500, 500]);
      assert.equal(retryDelay(policy, 10, new Error()), undefined, "no try after the last");
      assert.equal(retryDelay(undefined, 1, new Error()), undefined, "no policy, no retry");
      const jittered = { ...policy, jitter: true };
      assert.equal(retryDelay(jittered, 1, new Error(), () => 0), 50);
      assert.equal(retryDelay(jittered, 1, new Error(), () => 0.999999), 150);
    });
  });

  describe("timeout", () => {
    it("fails a node that overruns its timeoutMs with NODE_TIMEOUT and aborts its signal", async () => {
      let seen: { aborted: boolean; reason: unknown } | undefined;
      const graph = new StateGraph(State)
        .addNode(
          "slow",
          async (_s: State, ctx: NodeContext) => {
            // Waits for its signal only, so no timer of the test outlives it.
            await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
            seen = { aborted: ctx.signal.aborted, reason: ctx.signal.reason };
            return { note: "too late" };
          },
          { timeoutMs: 20 },
        )
        .addEdge(START, "slow")
        .addEdge("slow", END)
        .compile();
      const store = new MemoryStore();
      const { result } = await startRun(graph, store);
      assert.equal(result.status, "failed");
      assert.equal(result.error?.code, "NODE_TIMEOUT");
      assert.equal(result.error?.node, "slow");
      assert.match(result.error!.message, /node "slow" did not finish within 20 ms/);
      assert.ok(seen?.aborted, "the node's signal fired");
      assert.ok(isDurableError(seen.reason, "NODE_TIMEOUT"), "…with the timeout as its reason");
      assert.deepEqual((await store.checkpoint("t")).state, { n: 0, note: "" }, "the late write is not applied");
      assert.deepEqual(recordsOf(await journal(store), "failure").map((f) => [f.error.code, f.final]), [["NODE_TIMEOUT", true]]);
    });

    it("retries a timed-out node under its retry policy", async () => {
      const graph = new StateGraph(State)
        .addNode(
          "slow",
          async (_s: State, ctx: NodeContext) => {
            if (ctx.attempt === 1) await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
            return { note: `attempt ${ctx.attempt}` };
          },
          { timeoutMs: 20, retry: { maxAttempts: 2, initialDelayMs: 1 } },
        )
        .addEdge(START, "slow")
        .addEdge("slow", END)
        .compile();
      const { result } = await startRun(graph, new MemoryStore());
      assert.equal(result.status, "completed");
      assert.equal(result.state.note, "attempt 2");
    });
  });

  describe("step limit", () => {
    it("stops a run that does not reach END within the limit with STEP_LIMIT, keeping the steps it took", async () => {
      const graph = new StateGraph(State)
        .addNode("spin", (s) => ({ n: s.n + 1 }))
        .addEdge(START, "spin")
        .addConditionalEdges("spin", (s) => (s.n < 1_000_000 ? "spin" : END), ["spin", END])
        .compile();
      const store = new MemoryStore();
      const { result } = await startRun(graph, store, "t", { stepLimit: 4 });
      assert.equal(result.status, "failed");
      assert.equal(result.error?.code, "STEP_LIMIT");
      assert.match(result.error!.message, /4 steps without reaching END/);
      assert.equal(result.step, 4);
      assert.deepEqual((await store.checkpoint("t")).state, { n: 4, note: "" });

      const more = await resumeRun(graph, store, "t", { stepLimit: 3 });
      assert.equal(more.result.error?.code, "STEP_LIMIT");
      assert.equal(more.result.step, 7, "the limit counts the steps of each run");
    });
  });
});
