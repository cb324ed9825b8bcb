import assert from "node:assert/strict";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { DurableError } from "../../../src/core/errors";
import { createThread, execute, resumeRun, startRun } from "./harness";

describe("state checks and tasks", () => {
  it("refuses a write that breaks the state schema, naming node and key, and commits nothing", async () => {
    const State = z.object({ count: z.number().int().default(0) });
    const graph = new StateGraph(State)
      .addNode("bad", () => ({ count: "nope" as unknown as number }))
      .addEdge(START, "bad")
      .addEdge("bad", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "failed");
    assert.equal(result.error?.code, "STATE_INVALID");
    assert.match(result.error!.message, /node "bad" made "count" invalid/);
    assert.deepEqual((await store.checkpoint("t")).state, { count: 0 });
  });

  it("checks only the appended items of a list against the item schema", async () => {
    const State = z.object({ log: z.array(z.string()).default([]) });
    const graph = new StateGraph(State, { reducers: { log: (a: string[], b: string[]) => a.concat(b) } })
      .addNode("ok", () => ({ log: ["fine"] }))
      .addNode("bad", () => ({ log: [42 as unknown as string] }))
      .addEdge(START, "ok")
      .addEdge("ok", "bad")
      .addEdge("bad", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.error?.code, "STATE_INVALID");
    assert.match(result.error!.message, /"log\.0" invalid/);
    assert.deepEqual((await store.checkpoint("t")).state, { log: ["fine"] });
  });

  it("records a task that returns nothing as done, and does not call it again on resume", async () => {
    const State = z.object({ sent: z.boolean().default(false) });
    let sends = 0;
    let failOnce = true;
    const graph = new StateGraph(State)
      .addNode("notify", async (_s, ctx) => {
        await ctx.task("send-email", async () => {
          sends++;
        });
        if (failOnce) {
          failOnce = false;
          throw new Error("after the email");
        }
        return { sent: true };
      })
      .addEdge(START, "notify")
      .addEdge("notify", END)
      .compile();
    const store = new MemoryStore();
    assert.equal((await startRun(graph, store)).result.status, "failed");
    const resumed = await resumeRun(graph, store);
    assert.equal(resumed.result.status, "completed");
    assert.equal(sends, 1, "the email was sent once");
  });

  it("refuses two tasks of the same name in one node", async () => {
    const State = z.object({ a: z.string().optional() });
    const graph = new StateGraph(State)
      .addNode("pay", async (_s, ctx) => {
        const first = await ctx.task("charge", () => "id-1");
        const second = await ctx.task("charge", () => "id-2");
        return { a: `${first}/${second}` };
      })
      .addEdge(START, "pay")
      .addEdge("pay", END)
      .compile();
    const { result } = await startRun(graph, new MemoryStore());
    assert.equal(result.status, "failed");
    assert.match(result.error!.message, /runs two tasks named "charge"; give each task its own name/);
  });

  it("does not start a task once the thread was taken over, and gives each task a stable idempotency key", async () => {
    const State = z.object({ receipts: z.array(z.string()).default([]) });
    const keys: string[] = [];
    let takenOver = false;
    const graph = new StateGraph(State, { reducers: { receipts: (a: string[], b: string[]) => a.concat(b) } })
      .addNode("pay", async (_s, ctx) => ({ receipts: [await ctx.task("charge", ({ idempotencyKey }) => (keys.push(idempotencyKey), `r-${idempotencyKey}`))] }))
      .addEdge(START, "pay")
      .addConditionalEdges("pay", (s) => (s.receipts.length < 2 ? "pay" : END), ["pay", END])
      .compile();
    const store = new MemoryStore();
    const writer = await createThread(graph, store);
    // The owner check the file store makes before a task (another process took the thread over).
    const fenced: typeof writer = {
      threadId: writer.threadId,
      epoch: writer.epoch,
      resume: writer.resume,
      recordRun: (r) => writer.recordRun(r),
      recordNode: (r) => writer.recordNode(r),
      recordTask: (r) => writer.recordTask(r),
      recordFailure: (r) => writer.recordFailure(r),
      recordInterrupt: (r) => writer.recordInterrupt(r),
      recordAnswer: (r) => writer.recordAnswer(r),
      end: (e) => writer.end(e),
      close: () => writer.close(),
      assertOwner: () => {
        if (takenOver) throw new DurableError("FENCED", "thread t was taken over by process 99; this run stopped without committing", {});
      },
      commit: (commit) => {
        writer.commit(commit);
        takenOver = true;
      },
    };
    const { result } = await execute(graph, fenced);
    assert.equal(result.status, "failed");
    assert.equal(result.error?.code, "FENCED");
    assert.deepEqual(keys, ["t/1/pay/charge"], "the second step's task never started");
    const { result: resumed } = await resumeRun(graph, store);
    assert.equal(resumed.status, "completed");
    assert.deepEqual(keys, ["t/1/pay/charge", "t/2/pay/charge"]);
    assert.deepEqual(resumed.state.receipts, ["r-t/1/pay/charge", "r-t/2/pay/charge"]);
  });
});
