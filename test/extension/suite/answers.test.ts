import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { QuestionCell } from "../../../src/core/protocol/panelMessages";
import type { RunPanel } from "../../../src/extension/panel/runPanel";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import type { ThreadNode } from "../../../src/extension/tree/treeNodes";
import { extensionApi, graphFile, treeRows } from "./api";
import { listen } from "./panelFeed";

/** The approval example (draft → review asks {approved, edits?} → send), run to its question. */
async function runToQuestion(thread: string): Promise<RunFinish> {
  const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile("approval.graph.ts"), thread });
  assert.equal(finish?.status, "waiting", JSON.stringify(finish));
  return finish;
}

async function journalTypes(thread: string): Promise<string[]> {
  const api = await extensionApi();
  return (await api.services.stores.all()[0]!.store.history(thread)).records.map((r) => r.type);
}

describe("answering a thread that waits for input", function () {
  this.timeout(90_000);

  before(async () => {
    const api = await extensionApi();
    const example = readFileSync(join(api.services.extensionPath, "examples", "approval", "approval.graph.ts"));
    await vscode.workspace.fs.writeFile(graphFile("approval.graph.ts"), example);
  });

  it("a run that stops at a question ends waiting; the Threads view says 'waiting for input', who asks, and offers Answer…", async () => {
    const api = await extensionApi();
    const finish = await runToQuestion("memo-tree");
    assert.deepEqual(finish.questions?.map((q) => q.node), ["review"]);
    assert.equal((await treeRows(api)).get("approval.graph.ts")?.get("memo-tree"), "waiting");
    const graphs = await api.services.tree.listGraphs();
    const info = graphs.find((g) => g.label === "approval.graph.ts")!.threads.find((t) => t.id === "memo-tree")!;
    const item = api.services.tree.getTreeItem({ kind: "thread", entry: api.services.stores.all()[0]!, info } satisfies ThreadNode);
    assert.match(String(item.description), /^waiting for input · review asks · draft · 1 step · /);
    assert.equal(item.contextValue, "thread.waiting", "the context value the Answer… menus are shown for");
    assert.equal((item.iconPath as vscode.ThemeIcon).id, "comment-discussion");
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /review\*\* asks/);
    assert.match(tooltip, /Approve this draft\?/);
    // The menus: Answer… for a waiting thread; Resume Thread is not offered (it would be refused).
    const menus = JSON.parse(readFileSync(join(api.services.extensionPath, "package.json"), "utf8")).contributes.menus["view/item/context"] as { command: string; when: string }[];
    const shownFor = (command: string) => menus.filter((m) => m.command === command).map((m) => m.when);
    assert.ok(shownFor("durableGraphs.answerQuestion").every((w) => w.includes("viewItem == thread.waiting")));
    assert.ok(shownFor("durableGraphs.resumeThread").every((w) => !new RegExp(w.match(/viewItem =~ \/(.*)\/$/)![1]!).test("thread.waiting")));
  });

  it("Answer… refuses an answer its schema does not fit and writes nothing; a fitting one resumes the thread to its end", async () => {
    const api = await extensionApi();
    await runToQuestion("memo-command");
    const before = await journalTypes("memo-command");
    const refused = await vscode.commands.executeCommand("durableGraphs.answerQuestion", "memo-command", { answer: { value: { approved: "yes" } } });
    assert.equal(refused, undefined);
    assert.deepEqual(await journalTypes("memo-command"), before, "nothing was written");
    assert.equal((await treeRows(api)).get("approval.graph.ts")?.get("memo-command"), "waiting");

    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.answerQuestion", "memo-command", { answer: { value: { approved: true } } });
    assert.equal(finish?.status, "completed", JSON.stringify(finish));
    const view = await api.services.stores.all()[0]!.store.checkpoint("memo-command");
    assert.equal(view.state.approvedBy, "reviewer");
    assert.match(String(view.state.sentId), /^msg-/);
    assert.equal((await treeRows(api)).get("approval.graph.ts")?.get("memo-command"), "completed");
  });

  it("the run panel shows the question in its cell; an answer the schema refuses comes back by its field; the answer fills the cell and the run goes on", async () => {
    await runToQuestion("memo-panel");
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "memo-panel"))!;
    const feed = listen(panel);
    try {
      await panel.receive({ type: "ready" });
      const init = await feed.next("init");
      assert.equal(init.thread.status, "waiting");
      await feed.next("cells");
      const question = feed.cells().find((c): c is QuestionCell => c.kind === "question");
      assert.ok(question, JSON.stringify(feed.cells()));
      assert.equal(question.node, "review");
      assert.deepEqual(JSON.parse(question.value!).question, "Approve this draft?");
      assert.deepEqual(question.schema?.required, ["approved"]);
      assert.equal(feed.cells().filter((c) => c.kind === "node" && c.status === "running").length, 0, "the waiting node is its question, not a running cell");

      // The host checks the answer too (a webview is not trusted to have): refused by its field, nothing written.
      const typesBefore = await journalTypes("memo-panel");
      assert.equal(await panel.receive({ type: "answer", id: question.id, value: { approved: "nope" } }), false);
      const refusal = await feed.next("answerResult", (m) => !m.sent);
      assert.equal(refusal.path, "approved");
      assert.match(refusal.error!, /approved: .*expected boolean/);
      assert.deepEqual(await journalTypes("memo-panel"), typesBefore);

      const api = await extensionApi();
      const ended = new Promise<RunFinish>((resolve) => {
        const s = api.services.runs.onDidFinish((f) => f.thread === "memo-panel" && (s.dispose(), resolve(f)));
      });
      assert.equal(await panel.receive({ type: "answer", id: question.id, value: { approved: true, edits: "See you in Lisbon." } }), true);
      assert.equal((await feed.next("answerResult", (m) => m.sent)).id, question.id);
      assert.equal((await ended).status, "completed");
      await feed.next("thread", (m) => m.thread.status === "completed");
      await panel.refresh();
      const answered = feed.cells().find((c): c is QuestionCell => c.kind === "question" && c.id === question.id)!;
      assert.deepEqual(JSON.parse(answered.answer!.value!), { approved: true, edits: "See you in Lisbon." });
      assert.ok(answered.answer!.by, "who answered");
      assert.equal(typeof answered.answer!.at, "number");
      const nodes = feed.cells().flatMap((c) => (c.kind === "node" ? [c.node] : []));
      assert.deepEqual(nodes, ["draft", "review", "send"]);
      assert.equal((await api.services.stores.all()[0]!.store.checkpoint("memo-panel")).state.draft, "See you in Lisbon.");
      // Answered once: a second answer to the same question is refused.
      assert.equal(await panel.receive({ type: "answer", id: question.id, value: { approved: false } }), false);
    } finally {
      feed.dispose();
      panel.dispose();
    }
  });
});
