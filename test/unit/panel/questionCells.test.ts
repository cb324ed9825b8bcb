import assert from "node:assert/strict";
import type { QuestionCell } from "../../../src/core/protocol/panelMessages";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import { CellIndex } from "../../../src/extension/panel/cellIndex";
import { journal, resumeRun, startRun } from "../executor/harness";

const State = z.object({ draft: z.string().default("hello"), sent: z.boolean().default(false) });
const Review = z.object({ approved: z.boolean() });
const graph = new StateGraph(State)
  .addNode("review", async (s, ctx) => {
    const answer = await ctx.interrupt({ draft: s.draft }, { schema: Review });
    return { sent: answer.approved };
  })
  .addEdge(START, "review")
  .addEdge("review", END)
  .compile();

const questions = (index: CellIndex) => index.all().filter((c): c is QuestionCell => c.kind === "question");
const markers = (index: CellIndex) => index.all().flatMap((c) => (c.kind === "marker" ? [c.text] : []));

describe("run panel: a node's question is a cell, answered in place", () => {
  it("a waiting thread's question cell holds the payload and the schema; the node does not show as running", async () => {
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "waiting");
    const index = new CellIndex();
    index.add(await journal(store));
    const [cell] = questions(index);
    assert.ok(cell);
    assert.equal(cell.node, "review");
    assert.equal(cell.step, 1);
    assert.deepEqual(JSON.parse(cell.value!), { draft: "hello" });
    assert.deepEqual(cell.schema?.required, ["approved"]);
    assert.equal(cell.answer, undefined);
    assert.equal(index.asking(1, "review"), true);
    assert.ok(markers(index).some((m) => / — waiting for input after step 0$/.test(m)), markers(index).join(" | "));
    assert.equal(index.question(cell.id), cell);
  });

  it("the answer record fills the same cell (who and when); the node's completion follows it", async () => {
    const store = new MemoryStore();
    await startRun(graph, store);
    const index = new CellIndex();
    index.add(await journal(store));
    const id = questions(index)[0]!.id;
    index.takeChanges();
    const { result } = await resumeRun(graph, store, "t", { answers: [{ step: 1, node: "review", index: 0, value: { approved: true }, at: 1234, by: "ada" }] });
    assert.equal(result.status, "completed");
    const seen = index.lastSeq;
    index.add((await journal(store)).filter((r) => r.seq > seen));
    const [cell] = questions(index);
    assert.equal(cell!.id, id, "the same cell, updated");
    assert.deepEqual(JSON.parse(cell!.answer!.value!), { approved: true });
    assert.equal(cell!.answer!.by, "ada");
    assert.equal(typeof cell!.answer!.at, "number");
    assert.equal(index.asking(1, "review"), false);
    assert.ok(index.takeChanges().some((c) => c.cell.id === id), "the webview is sent the answered cell");
    const kinds = index.all().map((c) => (c.kind === "node" ? `node:${c.node}` : c.kind));
    assert.deepEqual(kinds, ["marker", "question", "marker", "node:review"]);
  });
});
