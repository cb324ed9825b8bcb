import assert from "node:assert/strict";
import { captureConsole } from "../../../src/core/executor/logCapture";
import type { NodeContext } from "../../../src/core/sdk/types";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { deferred, journal, recordsOf, startRun } from "./harness";

const State = z.object({ n: z.number().default(0) });
type State = z.infer<typeof State>;

describe("executeThread: node logs", () => {
  before(() => captureConsole());

  it("keeps console output and ctx.log lines of a node in that node's record, and reports them as events", async () => {
    const graph = new StateGraph(State)
      .addNode("talk", (_s: State, ctx: NodeContext) => {
        console.log("hello %s", "world", 42);
        console.warn("careful");
        ctx.log.debug({ detail: true });
        console.error(new Error("not thrown").message);
        return { n: 1 };
      })
      .addEdge(START, "talk")
      .addEdge("talk", END)
      .compile();
    const store = new MemoryStore();
    const { events } = await startRun(graph, store);
    const [record] = recordsOf(await journal(store), "node");
    assert.deepEqual(
      record?.logs?.map(({ level, message }) => ({ level, message })),
      [
        { level: "info", message: "hello world 42" },
        { level: "warn", message: "careful" },
        { level: "debug", message: "{ detail: true }" },
        { level: "error", message: "not thrown" },
      ],
    );
    assert.ok(record?.logs?.every((l) => typeof l.at === "number"));
    assert.deepEqual(
      events.flatMap((e) => (e.type === "log" ? [`${e.node}/${e.level}: ${e.message}`] : [])),
      ["talk/info: hello world 42", "talk/warn: careful", "talk/debug: { detail: true }", "talk/error: not thrown"],
    );
  });

  it("keeps the logs of parallel nodes apart, however their lines interleave", async () => {
    const aLogged = deferred();
    const bLogged = deferred();
    const graph = new StateGraph(State)
      .addNode("a", async () => {
        console.log("a: first");
        aLogged.resolve();
        await bLogged.promise;
        console.log("a: second");
      })
      .addNode("b", async () => {
        await aLogged.promise;
        console.log("b: first");
        bLogged.resolve();
        await Promise.resolve();
        console.log("b: second");
      })
      .addEdge(START, "a")
      .addEdge(START, "b")
      .addEdge(["a", "b"], END)
      .compile();
    const store = new MemoryStore();
    await startRun(graph, store);
    const logs = Object.fromEntries(recordsOf(await journal(store), "node").map((r) => [r.node, r.logs?.map((l) => l.message)]));
    assert.deepEqual(logs, { a: ["a: first", "a: second"], b: ["b: first", "b: second"] });
  });

  it("leaves a node without output without logs", async () => {
    const graph = new StateGraph(State).addNode("quiet", () => ({ n: 1 })).addEdge(START, "quiet").addEdge("quiet", END).compile();
    const store = new MemoryStore();
    await startRun(graph, store);
    const [record] = recordsOf(await journal(store), "node");
    assert.equal(record?.logs, undefined);
  });
});
