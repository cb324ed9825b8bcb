// UI end-to-end of a person in the loop, as a user: the approval example (draft → review asks
// {approved, edits?} → send) runs from the palette to its question; the Threads view says the thread waits
// for input; its run panel shows the question with a form built from the answer's schema; after Reload
// Window the question is still there and is answered in the form, and the thread completes. Another test
// sends an answer the schema refuses and sees the field's error, with nothing written.
// Any one runs alone: node --test --test-name-pattern='<name>' test/e2e/answer.e2e.test.mjs.
// Screenshots go to .artifacts/screenshots/answer-*.png. Run: npm run test:e2e
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { answerInput, notifications, openView, reloadWindow, runCommand, screenshot, startWorkbench } from "../vscode/e2e/workbench.mjs";
import { CONTAINER_LABEL, cli, panelFrame, root, threadRow, uiTest, vsix } from "./support.mjs";

let workbench;
let workspace;

const test = uiTest("answer", () => workbench);
const stage = async (page, name) => console.log(`screenshot: ${await screenshot(page, name)}`);

const RUN = {
  threadId: { title: "Run Graph", message: /^Thread id:/ },
  input: { title: "Run Graph", message: /^Input \(optional\)/ },
};

/** The journal's lines of a thread (what a refused answer must leave as it was). */
function journalText(thread) {
  const dir = join(workspace, ".durable", "threads", thread);
  return readdirSync(dir)
    .filter((f) => /^journal-\d+\.ndjson$/.test(f))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("");
}

/** The question cell of the visible run panel. */
const questionCell = (page) => panelFrame(page).locator(".question-cell").first();

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-answer-"));
  cpSync(join(root, "examples", "approval", "approval.graph.ts"), join(workspace, "approval.graph.ts"));
  workbench = await startWorkbench({ extensionVsix: vsix, workspace, viewport: { width: 1400, height: 900 }, settings: { "workbench.colorTheme": "Default Dark Modern" } });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test("the approval example runs to its question; after Reload Window it is answered in the panel's form and the thread completes", async (page) => {
  // Run Graph from the palette (the workspace's only graph file is taken as is).
  await runCommand(page, "Durable Graphs: Run Graph", { expect: RUN.threadId });
  await answerInput(page, RUN.threadId, "memo", { next: RUN.input });
  await answerInput(page, RUN.input, '{"topic":"Q3 offsite"}');
  await notifications(page, { waitForText: "Thread memo is waiting for input after step 1: review asks.", timeout: 60_000 });
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Thread memo is waiting for input" });
  await toast.locator(".monaco-button", { hasText: "Answer…" }).waitFor({ timeout: 30_000 });

  await openView(page, CONTAINER_LABEL);
  const row = threadRow(page, "memo");
  await row.filter({ hasText: "waiting for input · review asks" }).waitFor({ timeout: 60_000 });
  await row.hover();
  // The row offers Answer… inline, and no plain Resume (a waiting thread goes on with an answer).
  await row.locator('.action-label[aria-label="Answer…"]').waitFor({ timeout: 30_000 });
  assert.equal(await row.locator('.action-label[aria-label="Resume Thread"]').count(), 0);
  await stage(page, "answer-1-waiting-in-tree");

  // The finish notification's Open Run Panel (the row's own is used by the panel tests).
  await toast.locator(".monaco-button", { hasText: "Open Run Panel" }).click();
  const frame = panelFrame(page);
  await questionCell(page).locator(".answer-form").waitFor({ timeout: 60_000 });
  assert.equal(await frame.locator(".run-header .status").innerText(), "waiting for input");
  assert.match(await questionCell(page).locator(".question-value").innerText(), /"question": "Approve this draft\?"/);
  assert.match(await questionCell(page).locator(".question-value").innerText(), /Q3 offsite/);
  await stage(page, "answer-2-question-in-panel");

  await reloadWindow(page, { command: true });
  const cell = questionCell(page);
  const form = cell.locator(".answer-form");
  await form.waitFor({ timeout: 60_000 });
  assert.match(await cell.locator(".question-value").innerText(), /Approve this draft\?/);
  // The form the schema makes: a required checkbox with its description, an optional text area.
  const approved = form.getByLabel("approved");
  const edits = form.getByLabel("edits (optional)");
  assert.equal(await approved.getAttribute("type"), "checkbox");
  assert.match(await form.locator(".field-checkbox .help").innerText(), /Send this draft\?/);
  assert.equal(await edits.evaluate((e) => e.tagName), "TEXTAREA");
  // From the keyboard: the checkbox, then the text area, then Ctrl+Enter sends.
  await approved.focus();
  await page.keyboard.press("Space");
  assert.equal(await approved.isChecked(), true);
  await page.keyboard.press("Tab");
  await page.keyboard.type("See you in Lisbon.");
  await stage(page, "answer-3-form-filled-after-reload");
  await page.keyboard.press("Control+Enter");

  await frame.locator(".run-header .status", { hasText: "completed" }).waitFor({ timeout: 60_000 });
  await cell.locator(".answer-value").waitFor({ timeout: 30_000 });
  assert.match(await cell.locator(".answer-value").innerText(), /"edits": "See you in Lisbon\."/);
  assert.match(await cell.locator(".answered-by").innerText(), /^Answered by .+ · /);
  await frame.locator(".node-cell .node-name", { hasText: "send" }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await frame.locator(".node-cell .node-name").allInnerTexts(), ["draft", "review", "send"]);
  await stage(page, "answer-4-answered-completed");
  await openView(page, CONTAINER_LABEL);
  await threadRow(page, "memo").filter({ hasText: "completed" }).waitFor({ timeout: 30_000 });
  const shown = JSON.parse(cli(workspace, ["show", "memo", "--state", "--json"]).stdout);
  assert.equal(JSON.stringify(shown).includes("See you in Lisbon."), true, JSON.stringify(shown));
});

test("an answer the schema refuses shows the field's error and writes nothing", async (page) => {
  const made = cli(workspace, ["run", "approval.graph.ts", "--thread", "refused"]);
  assert.equal(made.status, 11, made.stderr);
  const before = journalText("refused");
  await runCommand(page, "Durable Graphs: Open Run Panel", { expect: { title: "Open Run Panel", placeholder: "Pick a thread", items: true } });
  await page.locator(".quick-input-widget input").fill("refused");
  await page.keyboard.press("Enter");
  const cell = questionCell(page);
  await panelFrame(page).locator(".run-header h1", { hasText: /^refused$/ }).waitFor({ timeout: 60_000 });
  await cell.locator(".answer-form").waitFor({ timeout: 60_000 });
  // What a form cannot say, in JSON: a string where a yes/no belongs.
  await cell.getByRole("button", { name: "Edit as JSON" }).click();
  const json = cell.locator("textarea.json-editor");
  await json.fill('{"approved": "yes"}');
  await cell.getByRole("button", { name: "Send Answer" }).click();
  const error = cell.locator(".field-error");
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.innerText(), /approved: .*expected boolean/);
  assert.equal(await cell.locator("textarea.json-editor").getAttribute("aria-invalid"), "true");
  await stage(page, "answer-5-refused-field-error");
  assert.equal(journalText("refused"), before, "nothing was written");
  const threads = JSON.parse(cli(workspace, ["threads", "--json"]).stdout);
  assert.equal(JSON.stringify(threads).includes('"refused"'), true);
  assert.equal((Array.isArray(threads) ? threads : threads.threads).find((t) => t.id === "refused")?.status, "waiting");
});
