// UI end-to-end: a thread is interrupted, its graph file is edited while it waits, and the Threads view
// and the run panel say so; an edit the stored state no longer fits is refused on Resume, nothing written.
// Screenshots go to .artifacts/screenshots/ (git-ignored). Run alone:
// node --test --test-concurrency=1 test/e2e/graphChanged.e2e.test.mjs
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { notifications, openView, runCommand, screenshot, startWorkbench } from "../vscode/e2e/workbench.mjs";
import { CONTAINER_LABEL, cli, panelFrame, root, threadRow, uiTest, vsix } from "./support.mjs";

let workbench;
let workspace;

const test = uiTest("graph-changed", () => workbench);
const stage = async (page, name) => console.log(`screenshot: ${await screenshot(page, name)}`);

/** Every file of the thread's directory with a hash of its bytes. */
function threadFiles(thread) {
  const dir = join(workspace, ".durable", "threads", thread);
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, createHash("sha256").update(readFileSync(join(dir, name))).digest("hex")]));
}

/**
 * Hovers `row` until its tooltip shows `text`. A tree row's hover sometimes does not open when the row
 * is re-rendered under the pointer (the view refreshes as the graph file changes): the pointer leaves
 * and comes back, up to three times.
 */
async function hoverUntil(page, row, text) {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(0, 0);
    await row.hover();
    try {
      await page.locator(".monaco-hover", { hasText: text }).waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

function editGraph(from, to) {
  const file = join(workspace, "durable.graph.ts");
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes(from), `the graph file has ${from}`);
  writeFileSync(file, text.replace(from, to));
}

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-changed-"));
  cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(workspace, "durable.graph.ts"));
  workbench = await startWorkbench({ extensionVsix: vsix, workspace });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test("editing the graph file of a waiting thread shows in the Threads view and the panel; Resume is refused with nothing written", async (page) => {
  const made = cli(workspace, ["run", "durable.graph.ts", "--thread", "waits", "--crash-at", "after-commit:step_1"]);
  assert.equal(made.signal, "SIGKILL", made.stderr);
  await openView(page, CONTAINER_LABEL);
  const row = threadRow(page, "waits");
  await row.filter({ hasText: "interrupted · step_1 · 1 step" }).waitFor({ timeout: 60_000 });

  // A change the stored state still fits: the row says so, and resuming would run.
  editGraph(`return { steps: ["step_2"] };`, `return { steps: ["step_2 (v2)"] };`);
  await row.filter({ hasText: "interrupted · graph changed · step_1" }).waitFor({ timeout: 60_000 });
  await stage(page, "graph-changed-1-row-compatible");

  // A schema the stored state no longer fits: the row says resume is refused.
  editGraph("steps: z.array(z.string())", "steps: z.array(z.number())");
  await row.filter({ hasText: "graph changed: resume refused" }).waitFor({ timeout: 60_000 });
  await hoverUntil(page, row, "The graph changed since this thread's last run");
  await stage(page, "graph-changed-2-row-refused-tooltip");

  await row.click();
  await row.locator('.action-label[aria-label="Open Run Panel"]').click();
  const frame = panelFrame(page);
  const notice = frame.locator(".graph-changed.refused");
  await notice.waitFor({ timeout: 60_000 });
  assert.match(await notice.innerText(), /key steps changed.*Resume is refused: .*"steps\.0"/s);
  await stage(page, "graph-changed-3-panel-header");

  const before = threadFiles("waits");
  await frame.getByRole("button", { name: "Resume" }).click();
  await notifications(page, { waitForText: "Thread waits was not resumed: the graph changed", timeout: 60_000 });
  await stage(page, "graph-changed-4-resume-refused");
  assert.deepEqual(threadFiles("waits"), before, "no segment added, no byte changed");
});

test("editing the graph file of a thread waiting for input shows in its row; answering it is then refused with nothing written", async (page) => {
  cpSync(join(root, "examples", "approval", "approval.graph.ts"), join(workspace, "approval.graph.ts"));
  const made = cli(workspace, ["run", "approval.graph.ts", "--thread", "asks"]);
  assert.equal(made.status, 11, made.stderr);
  await openView(page, CONTAINER_LABEL);
  const row = threadRow(page, "asks");
  await row.filter({ hasText: "waiting for input · review asks" }).waitFor({ timeout: 60_000 });

  // The stored state holds a string topic; the schema now wants a number.
  const file = join(workspace, "approval.graph.ts");
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes('topic: z.string().default("the team offsite")'));
  writeFileSync(file, text.replace('topic: z.string().default("the team offsite")', "topic: z.number().default(0)"));
  await row.filter({ hasText: "waiting for input · graph changed: resume refused" }).waitFor({ timeout: 60_000 });
  await stage(page, "graph-changed-5-waiting-row");

  await runCommand(page, "Durable Graphs: Open Run Panel", { expect: { title: "Open Run Panel", placeholder: "Pick a thread", items: true } });
  await page.locator(".quick-input-widget input").fill("asks");
  await page.keyboard.press("Enter");
  const frame = panelFrame(page);
  await frame.locator(".run-header h1", { hasText: /^asks$/ }).waitFor({ timeout: 60_000 });
  const cell = frame.locator(".question-cell").first();
  await cell.locator(".answer-form").waitFor({ timeout: 60_000 });
  const before = threadFiles("asks");
  await cell.getByRole("checkbox").first().check();
  await cell.getByRole("button", { name: "Send Answer" }).click();
  await notifications(page, { waitForText: "Thread asks was not resumed: the graph changed", timeout: 60_000 });
  // The form takes the answer again, saying why it was not sent; the status bar does not say "failed".
  const refusal = cell.locator(".form-error");
  await refusal.waitFor({ timeout: 30_000 });
  assert.match(await refusal.innerText(), /^Not sent: .*no longer matches the graph.s state schema at "topic"/);
  assert.equal(await cell.getByRole("button", { name: "Send Answer" }).isEnabled(), true);
  await page.locator(".statusbar-item", { hasText: "asks: not resumed" }).waitFor({ timeout: 30_000 });
  await stage(page, "graph-changed-6-answer-refused");
  assert.deepEqual(threadFiles("asks"), before, "no segment added, no byte changed");
  const listed = JSON.parse(cli(workspace, ["threads", "--json"]).stdout).find((t) => t.id === "asks");
  assert.equal(listed.status, "waiting", "still waiting for its answer");
});
