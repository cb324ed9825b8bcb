import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as vscode from "vscode";
import type { CellSummary, NodeCell, ToPanel } from "../../../src/core/protocol/panelMessages";
import type { RunPanel } from "../../../src/extension/panel/runPanel";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import { extensionApi, graphFile } from "./api";
import { listen } from "./panelFeed";

const nodeCells = (cells: CellSummary[]) => cells.filter((c): c is NodeCell => c.kind === "node");
const SLOW_GRAPH = [
  'import { END, START, StateGraph, z } from "durable-graphs";',
  "const State = z.object({ count: z.number().default(0) });",
  "export default new StateGraph(State)",
  '  .addNode("tick", async (s) => { await new Promise((r) => setTimeout(r, 400)); return { count: s.count + 1 }; })',
  '  .addEdge(START, "tick")',
  '  .addConditionalEdges("tick", (s) => (s.count < 3 ? "tick" : END), ["tick", END]);',
  "",
].join("\n");

describe("the run panel", function () {
  this.timeout(90_000);

  before(async () => {
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile(), thread: "panel-seed" });
    assert.equal(finish?.status, "completed", JSON.stringify(finish));
    await vscode.workspace.fs.writeFile(graphFile("slow.graph.ts"), new TextEncoder().encode(SLOW_GRAPH));
  });

  it("opens one panel per thread and sends its header, one cell per executed node and the graph", async () => {
    const panel = await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "panel-seed");
    assert.ok(panel, "the command returns the panel");
    const feed = listen(panel);
    try {
      assert.equal(await panel.receive({ type: "ready" }), true);
      const init = await feed.next("init");
      assert.equal(init.thread.id, "panel-seed");
      assert.equal(init.thread.status, "completed");
      assert.equal(init.thread.step, 3);
      await feed.next("cells");
      const cells = nodeCells(feed.cells());
      assert.deepEqual(
        cells.map((c) => [c.n, c.node, c.step, c.status, c.committed]),
        [
          [1, "step_1", 1, "done", true],
          [2, "step_2", 2, "done", true],
          [3, "step_3", 3, "done", true],
        ],
      );
      assert.deepEqual(cells[2]!.keys.sort(), ["result", "steps"]);
      assert.ok(feed.cells().some((c) => c.kind === "marker" && /^Run 1 · process \d+ · started — completed at step 3$/.test(c.text)), JSON.stringify(feed.cells()));
      const thread = await feed.next("thread");
      assert.deepEqual(thread.marks.done.sort(), ["step_1", "step_2", "step_3"]);
      const graph = (await feed.next("graph")).graph;
      assert.equal(graph.inferred, false, graph.note);
      assert.deepEqual([...graph.nodes].sort(), ["step_1", "step_2", "step_3"]);
      assert.ok(graph.edges.some((e) => e.from === "__start__" && e.to === "step_1"));
      assert.ok(graph.edges.some((e) => e.from === "step_3" && e.to === "__end__"));

      const again = await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "panel-seed");
      assert.equal(again, panel, "the thread's panel is revealed, not opened twice");
    } finally {
      feed.dispose();
      panel.dispose();
    }
  });

  it("loads a cell's details on demand: input state, the change per key, the console output", async () => {
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "panel-seed"))!;
    const feed = listen(panel);
    try {
      await panel.receive({ type: "ready" });
      await feed.next("cells");
      const second = nodeCells(feed.cells()).find((c) => c.node === "step_2")!;
      await panel.receive({ type: "loadDetail", id: second.id });
      const { detail } = await feed.next("detail", (m) => m.id === second.id);
      assert.ok(detail, "the detail was sent");
      assert.deepEqual(JSON.parse(detail.input), { steps: ["step_1"] });
      const steps = detail.changes.find((c) => c.key === "steps")!;
      assert.deepEqual(JSON.parse(steps.before!), ["step_1"]);
      assert.deepEqual(JSON.parse(steps.after!), ["step_1", "step_2"]);
      assert.deepEqual(JSON.parse(steps.returned!), ["step_2"]);
      assert.deepEqual(detail.logs.map((l) => l.message), ["Executing Step 2"]);
    } finally {
      feed.dispose();
      panel.dispose();
    }
  });

  it("drops messages that do not fit the protocol and opens only files of the workspace", async () => {
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "panel-seed"))!;
    try {
      for (const bad of ["ready", null, { type: "nope" }, { type: "loadDetail", id: "<img src=x onerror=alert(1)>" }, { type: "fork", step: -1 }, { type: "action", action: "rm -rf" }]) {
        assert.equal(await panel.receive(bad), false, JSON.stringify(bad));
      }
      assert.equal(await panel.receive({ type: "openLocation", file: "/etc/passwd", line: 1, column: 1 }), false);
      assert.equal(await panel.receive({ type: "openLocation", file: `${graphFile().fsPath}/../../outside.ts`, line: 1, column: 1 }), false);
      assert.equal(await panel.receive({ type: "openLocation", file: graphFile().fsPath, line: 17, column: 3 }), true);
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.fsPath, graphFile().fsPath);
      assert.equal(editor?.selection.active.line, 16);
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    } finally {
      panel.dispose();
    }
  });

  it("follows a run of this window live: a running cell, then one cell per step, then completed", async () => {
    const api = await extensionApi();
    const started = new Promise<void>((resolve) => {
      const sub = api.services.runs.onDidEvent((c) => c.thread === "panel-live" && c.event.type === "node-started" && (sub.dispose(), resolve()));
    });
    const run = vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile("slow.graph.ts"), thread: "panel-live" });
    await started;
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "panel-live"))!;
    const feed = listen(panel);
    try {
      await panel.receive({ type: "ready" });
      await feed.next("cells", (m) => m.cells.some((c) => c.kind === "node" && c.status === "running"));
      const finish = await run;
      assert.equal(finish?.status, "completed", JSON.stringify(finish));
      await feed.next("thread", (m) => m.thread.status === "completed");
      await panel.refresh();
      const cells = nodeCells(feed.cells());
      assert.deepEqual(cells.map((c) => `${c.n}:${c.node}@${c.step}:${c.status}`), ["1:tick@1:done", "2:tick@2:done", "3:tick@3:done"]);
    } finally {
      feed.dispose();
      panel.dispose();
    }
  });

  it("follows a run of another process (the CLI) through the thread's files", async () => {
    const api = await extensionApi();
    const entry = api.services.stores.all()[0]!;
    // The thread exists (interrupted after step 1) before the CLI resumes it while the panel is open.
    await vscode.commands.executeCommand<RunFinish>("durableGraphs.runAndCrash", { file: graphFile("slow.graph.ts"), thread: "panel-cli", crashAfter: "tick" });
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "panel-cli"))!;
    const feed = listen(panel);
    try {
      await panel.receive({ type: "ready" });
      assert.equal((await feed.next("init")).thread.status, "interrupted");
      const cli = vscode.Uri.joinPath(vscode.Uri.file(api.services.extensionPath), "bin", "durable-graphs.js").fsPath;
      const child = spawn(process.execPath, [cli, "resume", "panel-cli"], { cwd: entry.folder.uri.fsPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" }, stdio: "ignore" });
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      assert.equal(code, 0);
      await feed.next("thread", (m) => m.thread.status === "completed");
      const cells = nodeCells(feed.cells());
      assert.deepEqual(cells.map((c) => c.step), [1, 2, 3]);
      assert.ok(feed.cells().some((c) => c.kind === "marker" && /stopped without finishing/.test(c.text)), "the crash shows between the runs");
    } finally {
      feed.dispose();
      panel.dispose();
    }
  });
});
