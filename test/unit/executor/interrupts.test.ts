import assert from "node:assert/strict";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import type { CompiledGraph } from "../../../src/core/sdk/compiledGraph";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { isDurableError } from "../../../src/core/errors";
import { chooseAnswer, refuseWhileWaiting, type AnswerInput } from "../../../src/runner/answerChoice";
import type { AnswerRecord } from "../../../src/core/store/records";
import type { Draft } from "../../../src/core/store/checkpointStore";
import { Calls, execute, journal, recordsOf, startRun } from "./harness";

/** Resumes thread `t` as the runner does: the answer is chosen and checked before anything is written. */
async function answer(graph: CompiledGraph, store: MemoryStore, input?: AnswerInput) {
  let answers: Draft<AnswerRecord>[] | undefined;
  const writer = await store.open("t", {
    check: (resume) => {
      if (input) answers = [chooseAnswer("t", resume, { by: "tester", ...input })];
      else refuseWhileWaiting("t", resume);
    },
  });
  return execute(graph, writer, answers ? { answers } : {});
}

const Review = z.object({ approved: z.boolean(), note: z.string().min(2).optional() });

describe("interrupts: a node asks a person and the thread waits", () => {
  it("stops waiting for input with the question journalled; the answer re-enters the node, whose tasks are not repeated", async () => {
    const calls = new Calls();
    let drafts = 0;
    const State = z.object({ draft: z.string().default(""), approved: z.boolean().default(false) });
    const graph = new StateGraph(State)
      .addNode("review", async (_s, ctx) => {
        calls.hit("review");
        const draft = await ctx.task("write-draft", () => `draft ${++drafts}`);
        const reply = await ctx.interrupt({ draft }, { schema: Review });
        return { draft, approved: reply.approved };
      })
      .addEdge(START, "review")
      .addEdge("review", END)
      .compile();
    const store = new MemoryStore();
    const first = await startRun(graph, store);
    assert.equal(first.result.status, "waiting");
    assert.equal(first.result.step, 0, "nothing committed past the input");
    assert.deepEqual(first.result.questions?.map((q) => [q.node, q.index, q.value]), [["review", 0, { draft: "draft 1" }]]);
    assert.deepEqual(first.events.filter((e) => e.type === "node-waiting").map((e) => e.type === "node-waiting" && e.node), ["review"]);
    const info = await store.getThread("t");
    assert.equal(info?.status, "waiting");
    assert.deepEqual(info?.questions?.[0]?.schema?.required, ["approved"], "the question carries its answer's JSON Schema");

    const second = await answer(graph, store, { value: { approved: true } });
    assert.equal(second.result.status, "completed");
    assert.deepEqual(second.result.state, { draft: "draft 1", approved: true });
    assert.equal(calls.of("review"), 2, "re-entered from the top");
    assert.equal(drafts, 1, "the task before the question ran once");
    const records = await journal(store);
    assert.deepEqual(recordsOf(records, "answer").map((a) => [a.node, a.index, a.value, a.by]), [["review", 0, { approved: true }, "tester"]]);
    assert.equal(recordsOf(records, "interrupt").length, 1);
    assert.equal((await store.getThread("t"))?.questions, undefined);
  });

  it("refuses an answer that does not fit the schema, naming the field, and writes nothing", async () => {
    const State = z.object({ ok: z.boolean().default(false) });
    const graph = new StateGraph(State)
      .addNode("ask", async (_s, ctx) => ({ ok: (await ctx.interrupt("ok?", { schema: Review })).approved }))
      .addEdge(START, "ask")
      .addEdge("ask", END)
      .compile();
    const store = new MemoryStore();
    await startRun(graph, store);
    const before = await journal(store);
    for (const [value, path] of [
      [{ approved: "yes" }, "approved"],
      [{ approved: true, note: "x" }, "note"],
      [{}, "approved"],
    ] as const) {
      await assert.rejects(answer(graph, store, { value }), (error: unknown) => {
        assert.ok(isDurableError(error, "ANSWER_INVALID"), String(error));
        assert.equal(error.details.path, path);
        assert.match(error.message, new RegExp(`${path}: `));
        return true;
      });
    }
    await assert.rejects(answer(graph, store), (error: unknown) => isDurableError(error, "WAITING_FOR_INPUT") && /node "ask" asks "ok\?"/.test(error.message));
    assert.deepEqual(await journal(store), before, "nothing was written");
  });

  it("asks a node's questions one after another, each answer returned to its own question on re-entry", async () => {
    const asked: string[] = [];
    const State = z.object({ name: z.string().default(""), age: z.number().default(0) });
    const graph = new StateGraph(State)
      .addNode("form", async (_s, ctx) => {
        asked.push("name?");
        const name = await ctx.interrupt<string>("name?");
        asked.push("age?");
        const age = await ctx.interrupt("age?", { schema: z.number().int() });
        return { name, age };
      })
      .addEdge(START, "form")
      .addEdge("form", END)
      .compile();
    const store = new MemoryStore();
    assert.equal((await startRun(graph, store)).result.questions?.[0]?.value, "name?");
    const second = await answer(graph, store, { value: "Ada" });
    assert.equal(second.result.status, "waiting");
    assert.deepEqual(second.result.questions?.map((q) => [q.value, q.index]), [["age?", 1]]);
    await assert.rejects(answer(graph, store, { value: 3.5 }), (e: unknown) => isDurableError(e, "ANSWER_INVALID"));
    const third = await answer(graph, store, { value: 36 });
    assert.equal(third.result.status, "completed");
    assert.deepEqual(third.result.state, { name: "Ada", age: 36 });
    assert.deepEqual(asked, ["name?", "name?", "age?", "name?", "age?"]);
  });

  it("in a fan-out, every asking node waits, each answer is recorded as it comes, a finished sibling is not run again, and the step commits when all have finished", async () => {
    const calls = new Calls();
    const State = z.object({ votes: z.array(z.string()).default([]) });
    const vote = (name: string) => async (_s: unknown, ctx: { interrupt: (p: unknown) => Promise<unknown> }) => {
      calls.hit(name);
      return { votes: [`${name}:${String(await ctx.interrupt(`${name}, your vote?`))}`] };
    };
    const graph = new StateGraph(State, { reducers: { votes: (a: string[], b: string[]) => a.concat(b) } })
      .addNode("alice", vote("alice"))
      .addNode("bob", vote("bob"))
      .addNode("tally", () => {
        calls.hit("tally");
        return { votes: ["tally"] };
      })
      .addEdge(START, "alice")
      .addEdge(START, "bob")
      .addEdge(START, "tally")
      .addEdge("alice", END)
      .compile();
    const store = new MemoryStore();
    const first = await startRun(graph, store);
    assert.equal(first.result.status, "waiting");
    assert.deepEqual(first.result.questions?.map((q) => q.node).sort(), ["alice", "bob"]);

    await assert.rejects(answer(graph, store, { value: "x", node: "tally" }), /node "tally" of thread t asks nothing now/);
    const second = await answer(graph, store, { value: "yes", node: "bob" });
    assert.equal(second.result.status, "waiting");
    assert.deepEqual(second.result.questions?.map((q) => q.node), ["alice"], "bob's answer is recorded; alice still waits");
    assert.equal((await store.getThread("t"))?.step, 0, "the step has not committed");

    const third = await answer(graph, store, { value: "no" });
    assert.equal(third.result.status, "completed");
    assert.deepEqual([...third.result.state.votes as string[]].sort(), ["alice:no", "bob:yes", "tally"]);
    assert.equal(calls.of("tally"), 1, "the finished sibling ran once");
    assert.equal(calls.of("bob"), 2, "bob: asked, then answered; not re-entered while alice was answered");
    assert.equal(calls.of("alice"), 2);
    assert.equal((await journal(store)).filter((r) => r.type === "checkpoint").length, 2);
  });

  it("a node that catches the pause still waits, and a question's payload must be JSON", async () => {
    const State = z.object({ x: z.number().default(0) });
    const graph = new StateGraph(State)
      .addNode("sneaky", async (_s, ctx) => {
        try {
          await ctx.interrupt("continue?");
        } catch {
          return { x: 1 };
        }
        return { x: 2 };
      })
      .addEdge(START, "sneaky")
      .addEdge("sneaky", END)
      .compile();
    const store = new MemoryStore();
    assert.equal((await startRun(graph, store)).result.status, "waiting");
    assert.equal((await answer(graph, store, { value: null })).result.state.x, 2);

    const bad = new StateGraph(State)
      .addNode("bad", async (_s, ctx) => ((await ctx.interrupt({ when: new Date() })), {}))
      .addEdge(START, "bad")
      .addEdge("bad", END)
      .compile();
    const other = new MemoryStore();
    const failed = await startRun(bad, other);
    assert.equal(failed.result.status, "failed");
    assert.equal(failed.result.error?.code, "NOT_SERIALIZABLE");
  });

  it("an answer the node's own schema refuses (a refine the JSON Schema cannot hold) asks the question again, saying why; the thread never sticks in failed", async () => {
    const State = z.object({ word: z.string().optional() });
    let prepared = 0;
    const Yes = z.string().refine((v) => v.startsWith("y"), "must start with y");
    const graph = new StateGraph(State)
      .addNode("ask", async (_s, ctx) => {
        await ctx.task("prepare", () => ++prepared);
        return { word: await ctx.interrupt({ q: "say yes" }, { schema: Yes }) };
      })
      .addEdge(START, "ask")
      .addEdge("ask", END)
      .compile();
    const store = new MemoryStore();
    await startRun(graph, store);

    const refused = await answer(graph, store, { value: "no" });
    assert.equal(refused.result.status, "waiting", "not failed: the person can answer again");
    assert.match(refused.result.questions?.[0]?.refused ?? "", /\(answer\): must start with y/);
    const waiting = refused.events.find((e) => e.type === "node-waiting");
    assert.match(waiting?.type === "node-waiting" ? waiting.refused ?? "" : "", /must start with y/);
    const info = await store.getThread("t");
    assert.equal(info?.status, "waiting");
    assert.deepEqual(info?.questions?.map((q) => [q.node, q.index, Boolean(q.refused)]), [["ask", 0, true]]);

    const done = await answer(graph, store, { value: "yes" });
    assert.equal(done.result.status, "completed");
    assert.deepEqual(done.result.state, { word: "yes" });
    assert.equal(prepared, 1, "the task before the question ran once");
    const records = await journal(store);
    assert.deepEqual(recordsOf(records, "answer").map((a) => a.value), ["no", "yes"]);
    assert.deepEqual(recordsOf(records, "interrupt").map((q) => Boolean(q.refused)), [false, true]);
    assert.equal(recordsOf(records, "failure").length, 0);
  });

  it("a retry policy does not retry a waiting node, and the waiting is no failure", async () => {
    const State = z.object({ x: z.number().default(0) });
    const calls = new Calls();
    const graph = new StateGraph(State)
      .addNode(
        "ask",
        async (_s, ctx) => {
          calls.hit("ask");
          return { x: await ctx.interrupt<number>("x?") };
        },
        { retry: { maxAttempts: 5, initialDelayMs: 1 } },
      )
      .addEdge(START, "ask")
      .addEdge("ask", END)
      .compile();
    const store = new MemoryStore();
    await startRun(graph, store);
    assert.equal(calls.of("ask"), 1);
    assert.equal(recordsOf(await journal(store), "failure").length, 0);
  });
});
