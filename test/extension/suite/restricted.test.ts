import * as assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { QuestionCell } from "../../../src/core/protocol/panelMessages";
import type { RunPanel } from "../../../src/extension/panel/runPanel";
import { extensionApi, graphFile, treeRows, workspaceFolder } from "./api";
import { listen } from "./panelFeed";

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

  it("shows a thread waiting for input and its question in the run panel, but refuses to answer it, writing nothing", async () => {
    const api = await extensionApi();
    assert.equal((await treeRows(api)).get("approval.graph.ts")?.get("asks"), "waiting");
    const store = api.services.stores.all()[0]!.store;
    const before = (await store.history("asks")).records.length;
    const answered = await vscode.commands.executeCommand("durableGraphs.answerQuestion", "asks", { answer: { value: { approved: true } } });
    assert.equal(answered, undefined);
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "asks"))!;
    const feed = listen(panel);
    try {
      await panel.receive({ type: "ready" });
      const init = await feed.next("init");
      assert.equal(init.thread.trusted, false);
      await feed.next("cells");
      const question = feed.cells().find((c): c is QuestionCell => c.kind === "question");
      assert.ok(question, "the question is shown");
      assert.equal(await panel.receive({ type: "answer", id: question.id, value: { approved: true } }), false);
      const refusal = await feed.next("answerResult");
      assert.equal(refusal.sent, false);
      assert.match(refusal.error!, /Restricted Mode/);
    } finally {
      feed.dispose();
      panel.dispose();
    }
    assert.equal((await store.history("asks")).records.length, before, "nothing was written");
    assert.equal((await store.getThread("asks"))?.status, "waiting");
  });
});
