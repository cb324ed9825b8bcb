import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import type { TreeNode } from "../../../src/extension/tree/treeNodes";
import { compareWithOrigin } from "../../../src/extension/panel/comparisons";
import { extensionApi, graphFile } from "./api";

describe("editing a checkpoint's state and replaying from a step", function () {
  this.timeout(90_000);

  before(async () => {
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile(), thread: "to-edit" });
    assert.equal(finish?.status, "completed", JSON.stringify(finish));
  });

  async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    assert.equal(await vscode.workspace.applyEdit(edit), true);
  }

  it("opens the state as an editable document; a wrong edit fails the save and writes nothing; a right one forks with the edit as a step", async () => {
    const api = await extensionApi();
    const entry = api.services.stores.all()[0]!;
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>("durableGraphs.editStateAtCheckpoint", { entry, thread: "to-edit", step: 1 });
    assert.ok(editor, "the document opened");
    const document = editor.document;
    assert.equal(document.uri.scheme, "durable-graphs-edit");
    assert.equal(document.languageId, "json");
    assert.deepEqual(JSON.parse(document.getText()), { steps: ["step_1"] });

    // A key the schema lacks: refused by the runner, nothing written, the document keeps what was typed.
    await replaceText(document, '{ "steps": ["step_1"], "stepz": 1 }\n');
    assert.equal(await document.save(), false, "the save failed");
    assert.equal(document.isDirty, true);
    assert.match(document.getText(), /stepz/);
    assert.equal(await entry.store.getThread("to-edit-edit-1"), undefined);

    await replaceText(document, '{ "steps": ["by hand"] }\n');
    assert.equal(await document.save(), true);
    const fork = await entry.store.getThread("to-edit-edit-1");
    assert.ok(fork, "the fork exists once the save returns");
    assert.deepEqual(fork.forkedFrom, { thread: "to-edit", step: 1 });
    assert.equal(fork.step, 2);
    const view = await entry.store.checkpoint("to-edit-edit-1");
    assert.deepEqual(view.state, { steps: ["by hand"] });
    assert.deepEqual(view.edit?.keys, ["steps"]);
    assert.ok(view.edit?.by);
    assert.deepEqual((await entry.store.checkpoint("to-edit", 1)).state, { steps: ["step_1"] }, "the source is unchanged");

    // The Threads view shows the step as a person's edit.
    const threadRow = (await api.services.tree.getChildren()).flatMap((g) => ("kind" in g && g.kind === "graph" ? [g] : []));
    const threads = (await Promise.all(threadRow.map((g) => api.services.tree.getChildren(g)))).flat();
    const forkRow = threads.find((t): t is Extract<TreeNode, { kind: "thread" }> => t.kind === "thread" && t.info.id === "to-edit-edit-1");
    assert.ok(forkRow, "the fork is in the tree");
    const rows = await api.services.tree.getChildren(forkRow);
    const labels = rows.map((r) => String(api.services.tree.getTreeItem(r).label));
    assert.ok(labels.includes("step 2 · edited by a person"), labels.join(" | "));

    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.resumeThread", "to-edit-edit-1");
    assert.equal(finish?.status, "completed", JSON.stringify(finish));
    assert.deepEqual((await entry.store.checkpoint("to-edit-edit-1")).state, { steps: ["by hand", "step_2", "step_3"], result: "by hand -> step_2 -> step_3" });

    const comparison = await compareWithOrigin(entry.store, "to-edit-edit-1");
    assert.deepEqual(comparison.edit, { step: 2, by: view.edit!.by, keys: ["steps"] });
    assert.deepEqual(
      comparison.steps.map((s) => s.nodes.map((n) => `${n.node}:${n.outcome}`)),
      [["step_2:same"], ["step_3:differs"]],
      "step_3's result differs; step_2 wrote the same",
    );
  });

  it("Replay from Here forks at the step and runs the fork at once; its nodes' outputs match the origin's", async () => {
    const api = await extensionApi();
    const entry = api.services.stores.all()[0]!;
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.replayFromHere", { entry, thread: "to-edit", step: 1 });
    assert.equal(finish?.status, "completed", JSON.stringify(finish));
    assert.equal(finish.thread, "to-edit-replay-1");
    const info = await entry.store.getThread("to-edit-replay-1");
    assert.deepEqual(info?.forkedFrom, { thread: "to-edit", step: 1 });
    assert.equal(info?.status, "completed");
    const comparison = await compareWithOrigin(entry.store, "to-edit-replay-1");
    assert.deepEqual(comparison.steps.map((s) => [s.originStep, s.forkStep, s.nodes.map((n) => `${n.node}:${n.outcome}`)]), [
      [2, 2, ["step_2:same"]],
      [3, 3, ["step_3:same"]],
    ]);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });
});
