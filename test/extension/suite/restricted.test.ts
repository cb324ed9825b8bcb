import * as assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { extensionApi, graphFile, treeRows, workspaceFolder } from "./api";

describe("Restricted Mode", () => {
  it("is what this workspace was opened in", () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it("shows the threads already in the store", async () => {
    const api = await extensionApi();
    const rows = await treeRows(api);
    assert.equal(rows.get("durable.graph.ts")?.get("seeded"), "interrupted");
  });

  it("offers no run above a graph's default export: a lens says why and opens Workspace Trust; the panel stays", async () => {
    await extensionApi();
    const document = await vscode.workspace.openTextDocument(graphFile());
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri);
    const commands = lenses.map((l) => l.command?.command);
    assert.deepEqual(commands, ["workbench.trust.manage", "durableGraphs.openRunPanel"], lenses.map((l) => l.command?.title).join(" | "));
    assert.match(lenses[0]!.command!.title, /Restricted Mode: trust this workspace to run the graph/);
  });

  it("refuses to run, resume or crash-run a graph, and writes nothing", async () => {
    await extensionApi();
    const run = await vscode.commands.executeCommand("durableGraphs.runGraph", { file: graphFile(), thread: "untrusted-run" });
    assert.equal(run, undefined);
    const resume = await vscode.commands.executeCommand("durableGraphs.resumeThread", "seeded");
    assert.equal(resume, undefined);
    const crash = await vscode.commands.executeCommand("durableGraphs.runAndCrash", { file: graphFile(), thread: "untrusted-crash", crashAfter: "step_1" });
    assert.equal(crash, undefined);
    const threads = join(workspaceFolder().uri.fsPath, ".durable", "threads");
    assert.equal(existsSync(join(threads, "untrusted-run")), false);
    assert.equal(existsSync(join(threads, "untrusted-crash")), false);
  });

  it("refuses Edit State at Checkpoint and Replay from Here (both load the graph file), and writes nothing", async () => {
    await extensionApi();
    const edit = await vscode.commands.executeCommand("durableGraphs.editStateAtCheckpoint", { thread: "seeded", step: 1 });
    assert.equal(edit, undefined);
    const replay = await vscode.commands.executeCommand("durableGraphs.replayFromHere", { thread: "seeded", step: 1 });
    assert.equal(replay, undefined);
    const threads = join(workspaceFolder().uri.fsPath, ".durable", "threads");
    assert.equal(existsSync(join(threads, "seeded-replay-1")), false);
    assert.equal(existsSync(join(threads, "seeded-edit-1")), false);
  });
});
