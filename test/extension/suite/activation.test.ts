import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { EXTENSION_ID, extensionApi, graphFile, treeRows } from "./api";

describe("activation", () => {
  it("activates on a workspace with a graph file and contributes its commands", async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extensionApi();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["runGraph", "runAndCrash", "resumeThread", "resetThread", "cancelRun", "forkFromCheckpoint", "showCheckpoint", "refresh", "createExample"]) {
      assert.ok(commands.includes(`durableGraphs.${id}`), `command durableGraphs.${id} is registered`);
    }
  });

  it("lists the workspace's graph file in the Threads view before anything ran", async () => {
    const api = await extensionApi();
    const rows = await treeRows(api);
    assert.ok(rows.has("durable.graph.ts"), `graphs listed: ${[...rows.keys()].join(", ")}`);
  });

  it("shows Run Graph and Run and Crash After Node… above the default export", async () => {
    const document = await vscode.workspace.openTextDocument(graphFile());
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri);
    const titles = lenses.map((l) => l.command?.title ?? "");
    assert.ok(titles.some((t) => t.includes("Run Graph")), titles.join(" | "));
    assert.ok(titles.some((t) => t.includes("Run and Crash After Node")), titles.join(" | "));
  });
});
