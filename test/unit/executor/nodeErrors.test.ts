import assert from "node:assert/strict";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { journal, recordsOf, resumeRun, startRun } from "./harness";

const State = z.object({ when: z.unknown().optional(), items: z.array(z.unknown()).default([]), n: z.number().default(0) });

function oneNode(fn: () => unknown, options: { retry?: { maxAttempts: number; initialDelayMs: number } } = {}) {
  return new StateGraph(State)
    .addNode("write", fn as never, options)
    .addEdge(START, "write")
    .addEdge("write", END)
    .compile();
}

/** Everything the journal holds, as the text a reader of the store would see. */
async function journalText(store: MemoryStore): Promise<string> {
  return JSON.stringify(await journal(store));
}

describe("executeThread: what a node may not do", () => {
  const stamp = new Date(Date.UTC(2031, 0, 2, 3, 4, 5));
  const unstorable: [string, () => unknown, string, RegExp][] = [
    ["a Date", () => ({ when: stamp }), "when", /node "write" wrote an instance of Date to "when"/],
    ["a function", () => ({ when: function secretSauce() {} }), "when", /node "write" wrote a function to "when"/],
    ["a Date inside a list", () => ({ items: [1, { at: stamp }] }), "items", /wrote an instance of Date to "items\[1\]\.at"/],
  ];
  for (const [what, fn, key, message] of unstorable) {
    it(`fails with NOT_SERIALIZABLE naming node and key when a node returns ${what}, and never journals the value`, async () => {
      const store = new MemoryStore();
      const { result } = await startRun(oneNode(fn, { retry: { maxAttempts: 3, initialDelayMs: 1 } }), store);
      assert.equal(result.status, "failed");
      assert.equal(result.error?.code, "NOT_SERIALIZABLE");
      assert.equal(result.error?.node, "write");
      assert.equal(result.error?.details?.key, key);
      assert.match(result.error!.message, message);
      const text = await journalText(store);
      assert.ok(!text.includes("2031-01-02"), "the Date is not in the journal");
      assert.ok(!text.includes("secretSauce"), "the function is not in the journal");
      assert.equal(recordsOf(await journal(store), "node").length, 0);
      assert.deepEqual(recordsOf(await journal(store), "failure").map((f) => f.attempt), [1], "retrying cannot help: not retried");
    });
  }

  it("fails with NOT_SERIALIZABLE naming the key when a reducer produces what JSON cannot hold", async () => {
    const graph = new StateGraph(State, { reducers: { n: () => new Set([1]) as never } })
      .addNode("count", () => ({ n: 1 }))
      .addEdge(START, "count")
      .addEdge("count", END)
      .compile();
    const { result } = await startRun(graph, new MemoryStore());
    assert.equal(result.error?.code, "NOT_SERIALIZABLE");
    assert.match(result.error!.message, /reducer of "n" produced an instance of Set/);
  });

  it("fails with NOT_SERIALIZABLE when a node returns something other than an object", async () => {
    const { result } = await startRun(oneNode(() => "done"), new MemoryStore());
    assert.equal(result.error?.code, "NOT_SERIALIZABLE");
    assert.match(result.error!.message, /node "write" returned string; return an object of state keys/);
  });

  it("fails with UNKNOWN_STATE_KEY when a node writes a key the schema does not have", async () => {
    const store = new MemoryStore();
    const { result } = await startRun(oneNode(() => ({ n: 1, itmes: [] })), store);
    assert.equal(result.status, "failed");
    assert.equal(result.error?.code, "UNKNOWN_STATE_KEY");
    assert.equal(result.error?.node, "write");
    assert.equal(result.error?.details?.key, "itmes");
    assert.match(result.error!.message, /node "write" wrote "itmes", which is not a key of the state schema \(keys: when, items, n\)/);
    assert.deepEqual((await store.checkpoint("t")).state, { items: [], n: 0 }, "no write of the node is applied");
  });

  it("ignores keys written as undefined", async () => {
    const { result } = await startRun(oneNode(() => ({ n: 2, when: undefined })), new MemoryStore());
    assert.equal(result.status, "completed");
    assert.deepEqual(result.state, { items: [], n: 2 });
  });

  describe("routers", () => {
    const graphWith = (router: () => unknown, destinations?: string[] | Record<string, string>) =>
      new StateGraph(State)
        .addNode("decide", () => ({ n: 1 }))
        .addNode("next", () => undefined)
        .addEdge(START, "decide")
        .addConditionalEdges("decide", router as never, destinations)
        .addEdge("next", END)
        .compile();

    it("fails with ROUTER_INVALID naming the source and the value when a router returns an unknown node", async () => {
      const store = new MemoryStore();
      const { result } = await startRun(graphWith(() => "nowhere"), store);
      assert.equal(result.status, "failed");
      assert.equal(result.error?.code, "ROUTER_INVALID");
      assert.equal(result.error?.node, "decide");
      assert.equal(result.error?.details?.value, "nowhere");
      assert.match(result.error!.message, /router after "decide" returned "nowhere", which is not one of: decide, next, END/);
      assert.equal(result.step, 0, "the step is not committed");

      const fixed = await resumeRun(graphWith(() => "next"), store);
      assert.equal(fixed.result.status, "completed", "a fixed router lets the thread go on");
      assert.deepEqual(
        fixed.events.flatMap((e) => (e.type === "node-started" ? [e.node] : [])),
        ["next"],
        "decide's recorded completion is reused",
      );
      assert.deepEqual(fixed.result.state, { items: [], n: 1 });
    });

    it("fails with ROUTER_INVALID when a router returns a label its destinations do not list", async () => {
      const { result } = await startRun(graphWith(() => "go", { onward: "next", stop: END }), new MemoryStore());
      assert.equal(result.error?.code, "ROUTER_INVALID");
      assert.match(result.error!.message, /returned "go", which is not one of: onward, stop/);
    });

    it("fails with ROUTER_INVALID when a router returns something that is not a name", async () => {
      const { result } = await startRun(graphWith(() => 42), new MemoryStore());
      assert.equal(result.error?.code, "ROUTER_INVALID");
      assert.match(result.error!.message, /returned number/);
    });
  });
});
