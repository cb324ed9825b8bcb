import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotation, Command, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import type { CellSummary, QuestionCell } from "../../../src/core/protocol/panelMessages";
import type { CheckpointStore } from "../../../src/core/store/checkpointStore";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { loadCellDetail } from "../../../src/extension/panel/cellDetails";
import { CellIndex } from "../../../src/extension/panel/cellIndex";
import { DurableGraphsSaver } from "../../../src/langgraph";
import { useGoldenFixture } from "../store/helpers/goldenFixture";

async function cellsOf(store: CheckpointStore, thread: string): Promise<CellIndex> {
  const index = new CellIndex();
  index.add((await store.history(thread)).records);
  return index;
}

/** A cell as a person reads its row: `[n] node (step) status keys`, a question, or a marker's text. */
function row(cell: CellSummary): string {
  if (cell.kind === "node") return `[${cell.n}] ${cell.node} @${cell.step} ${cell.status}${cell.committed ? "" : " (uncommitted)"} ${cell.keys.join(",")}`.trimEnd();
  if (cell.kind === "question") return `? ${cell.node} @${cell.step} ${cell.value}${cell.answer ? ` → ${cell.answer.value}` : ""}`;
  return `— ${cell.text.replace(/process \d+/, "process P")}`;
}

/** A fanned-out step's two cells `[n] fetch`, `[n+1] search` (or the other way: numbered as they finished). */
function branches(got: string | undefined, n: number, step: number): string[] {
  const order = got?.includes(" search ") ? ["search", "fetch"] : ["fetch", "search"];
  return order.map((node, i) => `[${n + i}] ${node} @${step} done notes`);
}

describe("run panel: a LangGraph.js thread's cells", () => {
  describe("the golden fixture (write → edit, a subgraph → review, an interrupt, a resume)", () => {
    const golden = useGoldenFixture("journal-v3-langgraph");

    it("has one cell per node per super-step, the interrupt as an answered question, the runs as markers", async () => {
      const index = await cellsOf(golden.store(), "golden");
      assert.deepEqual(index.all().map(row), [
        "— Run 1 · process P · started — waiting for input after step 2",
        "[1] write @1 done draft",
        // The subgraph's own steps (polish) are inside its parent node's cell.
        "[2] edit @2 done draft",
        '? review @3 {\n  "question": "Send it?"\n} → true',
        "— Run 2 · process P · resumed after step 2 — completed at step 3",
        "[3] review @3 done approved",
      ]);
    });

    it("a cell's details: the state it got (LangGraph's channels left out), what it returned, the key before and after", async () => {
      const store = golden.store();
      const index = await cellsOf(store, "golden");
      const edit = index.all().find((c) => c.kind === "node" && c.node === "edit")!;
      const detail = await loadCellDetail(store, "golden", index.locate(edit.id)!, "/ws");
      assert.deepEqual(JSON.parse(detail.input), { topic: "Q3", draft: "About Q3" });
      assert.deepEqual(detail.changes, [{ key: "draft", before: '"About Q3"', after: '"About Q3!"', returned: '"About Q3!"' }]);
      const review = index.all().find((c) => c.kind === "node" && c.node === "review")!;
      const last = await loadCellDetail(store, "golden", index.locate(review.id)!, "/ws");
      assert.deepEqual(last.changes, [{ key: "approved", after: "true", returned: "true" }]);
    });
  });

  describe("a LangGraph.js graph run through DurableGraphsSaver (fan-out, join, a loop, an interrupt)", () => {
    let dir: string;
    let saver: DurableGraphsSaver;
    const State = Annotation.Root({
      topic: Annotation<string>(),
      notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
      rounds: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
      approved: Annotation<boolean>(),
    });
    const app = () =>
      new StateGraph(State)
        .addNode("plan", async (s) => ({ notes: [`plan ${s.rounds + 1}`], rounds: s.rounds + 1 }))
        .addNode("search", async () => ({ notes: ["search"] }))
        .addNode("fetch", async () => ({ notes: ["fetch"] }))
        .addNode("review", async (s) => ({ approved: s.rounds < 2 ? false : (interrupt({ question: "Send it?", notes: s.notes.length }) as boolean) }))
        .addEdge(START, "plan")
        .addEdge("plan", "search")
        .addEdge("plan", "fetch")
        .addEdge(["search", "fetch"], "review")
        .addConditionalEdges("review", (s) => (s.approved ? END : "plan"), ["plan", END])
        .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "agent" } };
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "dg-lg-cells-"));
      saver = new DurableGraphsSaver({ directory: join(dir, ".durable"), graph: "agent.graph.ts" });
    });
    afterEach(async () => {
      await saver.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("waiting: the fanned-out step's two cells, the loop's second round, the question open and asked of review", async () => {
      await app().invoke({ topic: "Q3" }, config);
      await saver.close();
      const store = new FileStore(join(dir, ".durable"));
      const info = await store.getThread("agent");
      assert.equal(info?.status, "waiting");
      const index = await cellsOf(store, "agent");
      const rows = index.all().map(row);
      assert.deepEqual(rows.slice(1), [
        "[1] plan @1 done notes,rounds",
        // The fanned-out step: one cell per branch (in the order they finished).
        ...branches(rows[2], 2, 2),
        "[4] review @3 done approved",
        "[5] plan @4 done notes,rounds",
        ...branches(rows[6], 6, 5),
        '? review @6 {\n  "question": "Send it?",\n  "notes": 6\n}',
      ]);
      assert.match(rows[0]!, /^— Run 1 · process P · started — waiting for input after step 5$/);
      const question = index.all().find((c): c is QuestionCell => c.kind === "question")!;
      // What the thread's summary asks is what the panel's cell asks: an answer from the cell reaches it.
      assert.deepEqual([question.step, question.node, question.schema], [info!.questions![0]!.step, info!.questions![0]!.node, undefined]);
      assert.equal(index.asking(6, "review"), true);
      assert.ok(index.all().every((c) => c.kind !== "node" || c.committed), "every finished step was committed");
    });

    it("answered with Command({ resume }): the same question cell shows the answer, then review's cell and the end", async () => {
      await app().invoke({ topic: "Q3" }, config);
      const before = await cellsOf(saver.store, "agent");
      const asked = before.all().find((c) => c.kind === "question")!;
      await app().invoke(new Command({ resume: true }), config);
      await saver.close();
      const store = new FileStore(join(dir, ".durable"));
      assert.equal((await store.getThread("agent"))?.status, "completed");
      const index = await cellsOf(store, "agent");
      const rows = index.all().map(row);
      // Resumed in the same process (no new run): its end on a line of its own.
      assert.deepEqual(rows.slice(-3), ['? review @6 {\n  "question": "Send it?",\n  "notes": 6\n} → true', "[8] review @6 done approved", "— Completed at step 6"]);
      assert.equal(index.all().find((c) => c.kind === "question")!.id, asked.id, "the cell answered is the one asked");
      assert.equal(index.asking(6, "review"), false);
      // A branch's details: what it returned beside what the reducer made of both branches' writes.
      const search = index.all().find((c) => c.kind === "node" && c.node === "search" && c.step === 2)!;
      const detail = await loadCellDetail(store, "agent", index.locate(search.id)!, dir);
      assert.deepEqual(JSON.parse(detail.input), { topic: "Q3", notes: ["plan 1"], rounds: 1 });
      const [notes] = detail.changes;
      assert.deepEqual([notes?.key, JSON.parse(notes!.returned!), JSON.parse(notes!.before!)], ["notes", ["search"], ["plan 1"]]);
      assert.deepEqual(JSON.parse(notes!.after!).sort(), ["fetch", "plan 1", "search"]);
    });

    it("a node that throws is a failed cell with LangGraph's message; the steps before it stay committed", async () => {
      const failing = new StateGraph(State)
        .addNode("plan", async () => ({ notes: ["plan"] }))
        .addNode("search", async () => {
          throw new Error("search service down");
        })
        .addEdge(START, "plan")
        .addEdge("plan", "search")
        .addEdge("search", END)
        .compile({ checkpointer: saver });
      await assert.rejects(failing.invoke({ topic: "Q3" }, config), /search service down/);
      await saver.close();
      const store = new FileStore(join(dir, ".durable"));
      const info = await store.getThread("agent");
      const index = await cellsOf(store, "agent");
      const failed = index.all().find((c) => c.kind === "node" && c.status === "failed");
      assert.deepEqual([info?.status, failed?.kind === "node" && failed.node, failed?.kind === "node" && failed.error], ["failed", "search", "search service down"]);
      assert.deepEqual(index.nodeMarks(), { done: ["plan"], failed: ["search"] });
      const detail = await loadCellDetail(store, "agent", index.locate(failed!.id)!, dir);
      assert.deepEqual(detail.errors.map((e) => e.message), ["search service down"]);
    });
  });
});
