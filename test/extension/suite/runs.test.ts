import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import { extensionApi, graphFile, treeRows } from "./api";

describe("runs from the editor", function () {
  this.timeout(60_000);

  it("Run Graph runs the thread to completion in a runner process and the view shows it completed", async () => {
    const api = await extensionApi();
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile(), thread: "from-editor" });
    assert.equal(finish?.status, "completed", JSON.stringify(finish));
    assert.equal(finish.step, 3);
    const rows = await treeRows(api);
    assert.equal(rows.get("durable.graph.ts")?.get("from-editor"), "completed");
    const entry = api.services.stores.all()[0]!;
    const view = await entry.store.checkpoint("from-editor");
    assert.deepEqual(view.state, { steps: ["step_1", "step_2", "step_3"], result: "step_1 -> step_2 -> step_3" });
  });

  it("Run and Crash After Node… kills the run after step_1; the thread shows interrupted; Resume completes it without rerunning step_1", async () => {
    const api = await extensionApi();
    const crashed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runAndCrash", { file: graphFile(), thread: "rehearsal", crashAfter: "step_1" });
    assert.equal(crashed?.status, "crashed", JSON.stringify(crashed));
    assert.equal(crashed.rehearsed, true);
    const entry = api.services.stores.all()[0]!;
    const interrupted = await entry.store.getThread("rehearsal");
    assert.equal(interrupted?.status, "interrupted");
    assert.equal(interrupted?.step, 1);
    assert.equal((await treeRows(api)).get("durable.graph.ts")?.get("rehearsal"), "interrupted");

    const resumed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.resumeThread", "rehearsal");
    assert.equal(resumed?.status, "completed", JSON.stringify(resumed));
    const history = await entry.store.history("rehearsal");
    const runs = history.records.flatMap((r) => (r.type === "node" ? [r.node] : []));
    assert.deepEqual(runs, ["step_1", "step_2", "step_3"], "each node completed once");
    assert.equal((await treeRows(api)).get("durable.graph.ts")?.get("rehearsal"), "completed");
  });

  it("Show Checkpoint opens the state at a step as read-only JSON", async () => {
    const api = await extensionApi();
    const entry = api.services.stores.all()[0]!;
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>("durableGraphs.showCheckpoint", {
      kind: "checkpoint",
      entry,
      thread: "rehearsal",
      step: 1,
      nodes: ["step_1"],
      next: ["step_2"],
      changed: ["steps"],
      at: Date.now(),
    });
    assert.ok(editor);
    assert.equal(editor.document.languageId, "json");
    assert.deepEqual(JSON.parse(editor.document.getText()), { steps: ["step_1"] });
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  it("Fork from Checkpoint starts a new thread from a step; Reset deletes a thread", async () => {
    const api = await extensionApi();
    const entry = api.services.stores.all()[0]!;
    const id = await vscode.commands.executeCommand<string>(
      "durableGraphs.forkFromCheckpoint",
      { kind: "checkpoint", entry, thread: "rehearsal", step: 1, nodes: ["step_1"], next: ["step_2"], changed: [], at: 0 },
      { newId: "rehearsal-branch" },
    );
    assert.equal(id, "rehearsal-branch");
    const branch = await entry.store.getThread("rehearsal-branch");
    assert.equal(branch?.step, 1);
    assert.deepEqual(branch?.next, ["step_2"]);

    const reset = await vscode.commands.executeCommand<boolean>("durableGraphs.resetThread", "rehearsal-branch", { confirmed: true });
    assert.equal(reset, true);
    assert.equal(await entry.store.getThread("rehearsal-branch"), undefined);
    assert.equal((await treeRows(api)).get("durable.graph.ts")?.has("rehearsal-branch"), false);
  });

  it("reports a failing node with the graph file's line, and the thread shows failed", async () => {
    const api = await extensionApi();
    const file = graphFile("fails.graph.ts");
    const source = [
      'import { END, START, StateGraph, z } from "durable-graphs";',
      "const State = z.object({ n: z.number().default(0) });",
      "export default new StateGraph(State)",
      '  .addNode("ok", async (s) => ({ n: s.n + 1 }))',
      '  .addNode("boom", async () => { throw new Error("the service is down"); })',
      '  .addEdge(START, "ok").addEdge("ok", "boom").addEdge("boom", END);',
      "",
    ].join("\n");
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(source));
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file, thread: "failing" });
    assert.equal(finish?.status, "failed", JSON.stringify(finish));
    assert.equal(finish.error?.node, "boom");
    assert.match(finish.error?.message ?? "", /the service is down/);
    assert.ok(finish.error?.file?.endsWith("fails.graph.ts"), finish.error?.file);
    assert.equal(finish.error?.line, 5, "the line of the throw in the graph file");
    assert.equal((await treeRows(api)).get("fails.graph.ts")?.get("failing"), "failed");
  });

  it("shows a run started from a terminal (another process) in the view", async () => {
    const api = await extensionApi();
    const entry = api.services.stores.all()[0]!;
    const { spawnSync } = await import("node:child_process");
    const cli = vscode.Uri.joinPath(vscode.Uri.file(api.services.extensionPath), "bin", "durable-graphs.js").fsPath;
    const result = spawnSync(process.execPath, [cli, "run", "durable.graph.ts", "--thread", "from-terminal"], {
      cwd: entry.folder.uri.fsPath,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1", CRASH: "true" },
      encoding: "utf8",
    });
    assert.equal(result.status, 1, result.stderr);
    assert.equal((await treeRows(api)).get("durable.graph.ts")?.get("from-terminal"), "interrupted");
  });
});
