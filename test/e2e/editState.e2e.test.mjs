// UI end-to-end of editing a checkpoint's state, as a user: the packaged extension (.vsix) in a real
// VS Code (code-server). Edit State at Checkpoint… from the palette opens the state as a JSON document;
// a wrong edit is refused on save, naming the key, and nothing is written; a right one forks the thread
// with the edit as its own step; the fork runs, and its panel compares it with its origin and diffs two
// checkpoints. Screenshots go to .artifacts/screenshots/edit-*.png.
// Run alone: DG_PORT_RANGE=… node --test --test-concurrency=1 test/e2e/editState.e2e.test.mjs
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { openView, pickItem, runCommand, screenshot, startWorkbench } from "../vscode/e2e/workbench.mjs";
import { CONTAINER_LABEL, cli, panelFrame, root, threadRow, uiTest, vsix } from "./support.mjs";

let workbench;
let workspace;
const test = uiTest("edit", () => workbench);
const stage = async (page, name) => console.log(`screenshot: ${await screenshot(page, name)}`);
const toast = (page, text) => page.locator(".notifications-toasts .notification-toast", { hasText: text });

/** Replaces the active editor's text as typed (no auto-closing brackets: the text goes in as one input). */
async function replaceEditorText(page, text) {
  const editor = page.locator(".part.editor .editor-instance .monaco-editor").first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-edit-"));
  cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(workspace, "durable.graph.ts"));
  workbench = await startWorkbench({ extensionVsix: vsix, workspace, viewport: { width: 1400, height: 900 }, settings: { "workbench.colorTheme": "Default Dark Modern" } });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test("Edit State at Checkpoint: a wrong edit is refused naming the key; a right one forks with the edit as a step; the fork runs and compares with its origin", async (page) => {
  const run = cli(workspace, ["run", "durable.graph.ts", "--thread", "draft"]);
  assert.equal(run.status, 0, run.stderr);
  await openView(page, CONTAINER_LABEL);
  await threadRow(page, "draft").filter({ hasText: "completed" }).waitFor({ timeout: 60_000 });

  const threadPick = { title: "Edit State at Checkpoint", placeholder: "Pick a thread" };
  const stepPick = { title: "Edit State at Checkpoint", placeholder: "Edit the state of draft at which step?" };
  await runCommand(page, "Durable Graphs: Edit State at Checkpoint…", { expect: { ...threadPick, items: true } });
  await pickItem(page, threadPick, "draft", { next: { ...stepPick, items: true } });
  await pickItem(page, stepPick, "step 1");
  const tab = page.locator(".part.editor .tab", { hasText: "step-1.json" });
  await tab.waitFor({ timeout: 30_000 });
  await page.locator(".part.editor .view-lines", { hasText: '"step_1"' }).waitFor({ timeout: 30_000 });

  // A value the schema refuses: the save fails with the key named, and no thread is made.
  await replaceEditorText(page, '{ "steps": 3 }');
  await page.keyboard.press("Control+S");
  await toast(page, /Cannot save the edit of draft at step 1: "steps" is invalid/).first().waitFor({ timeout: 60_000 });
  await stage(page, "edit-1-refused");
  assert.equal(cli(workspace, ["show", "draft-edit-1"]).status, 4, "no fork was written");
  assert.match((await tab.getAttribute("class")) ?? "", /\bdirty\b/, "the document keeps the edit");

  await replaceEditorText(page, '{ "steps": ["by hand"] }');
  await page.keyboard.press("Control+S");
  const forked = toast(page, "Forked draft at step 1 into draft-edit-1, with your edit as step 2.");
  await forked.waitFor({ timeout: 60_000 });
  // Its panel opens on the fork: the edit is a step of its own.
  const frame = panelFrame(page);
  await frame.locator(".run-header h1", { hasText: /^draft-edit-1$/ }).waitFor({ timeout: 60_000 });
  await frame.locator(".marker .marker-text", { hasText: /Step 2 · edited by a person \(.+\): steps/ }).waitFor({ timeout: 30_000 });
  await openView(page, CONTAINER_LABEL);
  await threadRow(page, "draft-edit-1").waitFor({ timeout: 30_000 });
  await stage(page, "edit-2-forked");

  // Run It: the fork goes on from the edited state.
  await forked.locator(".monaco-button", { hasText: "Run It" }).click();
  await frame.locator(".run-header .status", { hasText: "completed" }).waitFor({ timeout: 60_000 });
  assert.deepEqual(await frame.locator(".node-cell .node-name").allInnerTexts(), ["step_2", "step_3"]);
  const state = cli(workspace, ["show", "draft-edit-1", "--state", "--json"]);
  assert.deepEqual(JSON.parse(state.stdout).state, { steps: ["by hand", "step_2", "step_3"], result: "by hand -> step_2 -> step_3" });

  await frame.locator("button.compare-origin").click();
  const comparison = frame.locator(".comparison");
  await comparison.locator(".origin-table").waitFor({ timeout: 30_000 });
  assert.match(await comparison.locator("h2").innerText(), /Compared with draft after step 1/);
  assert.match(await comparison.locator(".comparison-edit").innerText(), /Step 2 of this fork is .+'s edit of steps/);
  assert.equal(await comparison.locator(".comparison-summary").innerText(), "1 node output differs from the origin's.");
  assert.equal(await comparison.locator(".origin-table tbody tr").count(), 2);
  assert.match(await comparison.locator('.outcome[data-node="step_2"]').innerText(), /same output/);
  assert.match(await comparison.locator('.outcome[data-node="step_3"]').innerText(), /output differs \(result\)/);
  await stage(page, "edit-3-compared-with-origin");

  // Diff checkpoints: the fork point against the end.
  const first = { title: "Diff Checkpoints (1/2)" };
  const second = { title: "Diff Checkpoints (2/2)" };
  await frame.locator("button.diff-checkpoints").click();
  await pickItem(page, first, "step 1", { next: { ...second, items: true } });
  await pickItem(page, second, "step 4");
  await comparison.locator(".diff-table").waitFor({ timeout: 30_000 });
  assert.match(await comparison.locator("h2").innerText(), /Diff of step 1 → step 4/);
  const steps = comparison.locator('tr[data-key="steps"]');
  assert.equal(await steps.locator(".change").innerText(), "changed");
  assert.match(await steps.locator(".before").innerText(), /"step_1"/);
  assert.match(await steps.locator(".after").innerText(), /"by hand"/);
  assert.equal(await comparison.locator('tr[data-key="result"] .change').innerText(), "added");
  await stage(page, "edit-4-diff-checkpoints");
});
