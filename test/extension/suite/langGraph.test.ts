import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import * as vscode from "vscode";
import type { NodeCell, QuestionCell } from "../../../src/core/protocol/panelMessages";
import { CellIndex } from "../../../src/extension/panel/cellIndex";
import type { RunPanel } from "../../../src/extension/panel/runPanel";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import type { CheckpointNode, ThreadNode } from "../../../src/extension/tree/treeNodes";
import { DurableGraphsSaver } from "../../../src/langgraph";
import { extensionApi, graphFile, workspaceFolder } from "./api";
import { listen } from "./panelFeed";

/** An unmodified LangGraph.js graph file: plan → (search ‖ fetch) → review asks → END or plan again. */
const GRAPH_FILE = "agent.graph.ts";
const GRAPH_SOURCE = `import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";

const State = Annotation.Root({
  topic: Annotation<string>(),
  notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  approved: Annotation<boolean>(),
});

export default new StateGraph(State)
  .addNode("plan", async (s) => ({ notes: [\`plan \${s.topic}\`] }))
  .addNode("search", async () => ({ notes: ["search"] }))
  .addNode("fetch", async () => ({ notes: ["fetch"] }))
  .addNode("review", async (s) => ({ approved: interrupt({ question: "Send it?", notes: s.notes.length }) as boolean }))
  .addEdge(START, "plan")
  .addEdge("plan", "search")
  .addEdge("plan", "fetch")
  .addEdge(["search", "fetch"], "review")
  .addConditionalEdges("review", (s) => (s.approved ? END : "plan"), ["plan", END]);
`;

/** The same graph, compiled here with the saver: a thread LangGraph.js wrote, as a user's own script would. */
function sameGraph(saver: DurableGraphsSaver) {
  const State = Annotation.Root({
    topic: Annotation<string>(),
    notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
    approved: Annotation<boolean>(),
  });
  return new StateGraph(State)
    .addNode("plan", async (s) => ({ notes: [`plan ${s.topic}`] }))
    .addNode("search", async () => ({ notes: ["search"] }))
    .addNode("fetch", async () => ({ notes: ["fetch"] }))
    .addNode("review", async (s) => ({ approved: interrupt({ question: "Send it?", notes: s.notes.length }) as boolean }))
    .addEdge(START, "plan")
    .addEdge("plan", "search")
    .addEdge("plan", "fetch")
    .addEdge(["search", "fetch"], "review")
    .addConditionalEdges("review", (s) => (s.approved ? END : "plan"), ["plan", END])
    .compile({ checkpointer: saver });
}

async function threadInfo(thread: string) {
  const api = await extensionApi();
  const graph = (await api.services.tree.listGraphs()).find((g) => g.label === GRAPH_FILE);
  return graph?.threads.find((t) => t.id === thread);
}

describe("LangGraph.js threads in the editor", function () {
  this.timeout(120_000);

  before(async () => {
    const api = await extensionApi();
    await vscode.workspace.fs.writeFile(graphFile(GRAPH_FILE), Buffer.from(GRAPH_SOURCE));
    // The user's workspace has @langchain/langgraph installed (the runner never brings its own).
    const modules = join(workspaceFolder().uri.fsPath, "node_modules");
    mkdirSync(modules, { recursive: true });
    if (!existsSync(join(modules, "@langchain"))) symlinkSync(join(api.services.extensionPath, "node_modules", "@langchain"), join(modules, "@langchain"), "dir");
    // A thread LangGraph.js wrote through DurableGraphsSaver (a script of the user's), stopped at review's interrupt().
    const saver = new DurableGraphsSaver({ directory: join(workspaceFolder().uri.fsPath, ".durable"), graph: GRAPH_FILE });
    await sameGraph(saver).invoke({ topic: "Q3" }, { configurable: { thread_id: "lg-saved" } });
    await saver.close();
  });

  it("the Threads view shows a LangGraph.js thread as waiting for input, who asks, and its steps; its tooltip says LangGraph.js", async () => {
    const api = await extensionApi();
    const info = await threadInfo("lg-saved");
    assert.ok(info, "the thread is listed under its graph file");
    assert.equal(info.status, "waiting");
    const entry = api.services.stores.all()[0]!;
    const item = api.services.tree.getTreeItem({ kind: "thread", entry, info } satisfies ThreadNode);
    assert.match(String(item.description), /^waiting for input · review asks · (search, fetch|fetch, search) · 2 steps · /);
    assert.equal(item.contextValue, "thread.waiting", "Answer… is offered");
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\(LangGraph\.js\)/);
    assert.match(tooltip, /Send it\?/);
    // Its checkpoints: LangGraph's root steps, step 0 being its input.
    const children = (await api.services.tree.getChildren({ kind: "thread", entry, info } satisfies ThreadNode)) as CheckpointNode[];
    const labels = children.map((c) => String(api.services.tree.getTreeItem(c).label));
    assert.deepEqual(labels.map((l) => l.replace("fetch, search", "search, fetch")), ["step 2 · search, fetch", "step 1 · plan", "step 0 · input"]);
    // Show Checkpoint: the graph's channels at that step, LangGraph's own left out.
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>("durableGraphs.showCheckpoint", children[1]);
    assert.deepEqual(JSON.parse(editor!.document.getText()), { topic: "Q3", notes: ["plan Q3"] });
  });

  it("the run panel shows one cell per node per super-step with its writes, and the interrupt as a question to answer with any JSON", async () => {
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "lg-saved"))!;
    const feed = listen(panel);
    try {
      await panel.receive({ type: "ready" });
      const { thread } = await feed.next("init");
      assert.deepEqual([thread.status, thread.engine], ["waiting", "langgraph"]);
      await feed.next("cells");
      const nodes = feed.cells().filter((c): c is NodeCell => c.kind === "node");
      assert.deepEqual(nodes.map((c) => `${c.step}:${c.node}:${c.keys.join(",")}:${c.status}`).sort(), ["1:plan:notes:done", "2:fetch:notes:done", "2:search:notes:done"]);
      const question = feed.cells().find((c): c is QuestionCell => c.kind === "question")!;
      assert.deepEqual([question.node, question.step, question.schema], ["review", 3, undefined]);
      assert.deepEqual(JSON.parse(question.value!), { question: "Send it?", notes: 3 });
      assert.equal(feed.cells().filter((c) => c.kind === "node" && c.status === "running").length, 0, "the waiting node is its question, not a running cell");
      // A cell's details: what the node returned, and the key after its step (both branches' writes merged).
      const search = nodes.find((c) => c.node === "search")!;
      await panel.receive({ type: "loadDetail", id: search.id });
      const { detail } = await feed.next("detail", (m) => m.id === search.id);
      assert.deepEqual(JSON.parse(detail!.input), { topic: "Q3", notes: ["plan Q3"] });
      assert.deepEqual(JSON.parse(detail!.changes[0]!.returned!), ["search"]);
      assert.deepEqual(JSON.parse(detail!.changes[0]!.after!).sort(), ["fetch", "plan Q3", "search"]);
    } finally {
      feed.dispose();
      panel.dispose();
    }
  });

  it("CodeLens above a LangGraph.js graph file's export offers Run Graph and Run and Crash After Node…", async () => {
    const document = await vscode.workspace.openTextDocument(graphFile(GRAPH_FILE));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri);
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes("$(play) Run Graph") && titles.includes("$(debug-disconnect) Run and Crash After Node…"), titles.join(" | "));
    const line = document.lineAt(lenses[0]!.range.start.line).text;
    assert.match(line, /^export default new StateGraph/);
  });

  it("Run Graph runs the file with LangGraph.js to its interrupt(); the panel's answer resumes it (Command({ resume })) to completion; the diagram is LangGraph's own", async () => {
    const api = await extensionApi();
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile(GRAPH_FILE), thread: "lg-run", input: { topic: "Q4" } });
    assert.equal(finish?.status, "waiting", JSON.stringify(finish));
    assert.equal((await threadInfo("lg-run"))?.status, "waiting");
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "lg-run"))!;
    const feed = listen(panel);
    try {
      await panel.receive({ type: "ready" });
      const { graph } = await feed.next("graph");
      assert.equal(graph.inferred, false, graph.note);
      const edges = graph.edges.map((e) => `${e.from}→${e.to}${e.conditional ? " (conditional)" : ""}`).sort();
      assert.deepEqual(edges, ["__start__→plan", "fetch→review", "plan→fetch", "plan→search", "review→__end__ (conditional)", "review→plan (conditional)", "search→review"]);
      await feed.next("cells", () => feed.cells().some((c) => c.kind === "question"));
      const question = feed.cells().find((c): c is QuestionCell => c.kind === "question")!;
      const ended = new Promise<RunFinish>((resolve) => {
        const s = api.services.runs.onDidFinish((f) => f.thread === "lg-run" && (s.dispose(), resolve(f)));
      });
      // No schema: any JSON is an answer.
      assert.equal(await panel.receive({ type: "answer", id: question.id, value: true }), true);
      assert.equal((await ended).status, "completed");
      await feed.next("thread", (m) => m.thread.status === "completed");
      await panel.refresh();
      const answered = feed.cells().find((c): c is QuestionCell => c.kind === "question" && c.id === question.id)!;
      assert.equal(answered.answer?.value, "true");
      assert.deepEqual(feed.cells().flatMap((c) => (c.kind === "node" && c.node === "review" ? [c.keys.join(",")] : [])), ["approved"]);
      assert.equal((await api.services.stores.all()[0]!.store.checkpoint("lg-run")).state.approved, true);
      assert.equal((await threadInfo("lg-run"))?.status, "completed");
    } finally {
      feed.dispose();
      panel.dispose();
    }
  });

  it("Fork from Checkpoint makes a LangGraph.js thread of the step's checkpoint; Resume Thread runs it on to review's question", async () => {
    const forked = await vscode.commands.executeCommand<string>("durableGraphs.forkFromCheckpoint", { kind: "checkpoint", entry: (await extensionApi()).services.stores.all()[0]!, thread: "lg-saved", step: 1, nodes: ["plan"], next: [], changed: [], at: 0 } satisfies CheckpointNode, { newId: "lg-fork" });
    assert.equal(forked, "lg-fork");
    const info = await threadInfo("lg-fork");
    assert.deepEqual([info?.engine, info?.forkedFrom, info?.step, [...(info?.next ?? [])].sort()], ["langgraph", { thread: "lg-saved", step: 1 }, 1, ["fetch", "search"]]);
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.resumeThread", "lg-fork");
    assert.equal(finish?.status, "waiting", JSON.stringify(finish));
    assert.deepEqual(finish.questions?.map((q) => q.node), ["review"]);
    // The fork ran the fanned-out step itself; the source thread is as it was.
    const cells = new CellIndex();
    cells.add((await (await extensionApi()).services.stores.all()[0]!.store.history("lg-fork")).records);
    assert.deepEqual(cells.all().flatMap((c) => (c.kind === "node" ? [c.node] : [])).sort(), ["fetch", "search"]);
    assert.equal((await threadInfo("lg-saved"))?.status, "waiting");
  });

  it("Run and Crash After Node… kills the LangGraph.js run after plan's step; the thread is interrupted; Resume goes on from there without running plan again", async () => {
    const crashed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runAndCrash", { file: graphFile(GRAPH_FILE), thread: "lg-crash", input: { topic: "Q5" }, crashAfter: "plan" });
    assert.notEqual(crashed?.status, "completed", JSON.stringify(crashed));
    const info = await threadInfo("lg-crash");
    assert.deepEqual([info?.status, info?.step, info?.lastNodes], ["interrupted", 1, ["plan"]]);
    const resumed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.resumeThread", "lg-crash");
    assert.equal(resumed?.status, "waiting", JSON.stringify(resumed));
    const cells = new CellIndex();
    cells.add((await (await extensionApi()).services.stores.all()[0]!.store.history("lg-crash")).records);
    const rows = cells.all().map((c) => (c.kind === "node" ? `${c.node}@${c.step}` : c.kind === "question" ? `? ${c.node}` : c.text.replace(/process \d+/, "process P")));
    assert.deepEqual(rows.map((r) => r.replace("fetch@2", "X@2").replace("search@2", "X@2")), [
      "Run 1 · process P · started — the process stopped without finishing (a crash, a kill or a reload)",
      "plan@1",
      "Run 2 · process P · resumed after step 1 — waiting for input after step 2",
      "X@2",
      "X@2",
      "? review",
    ]);
  });
});
