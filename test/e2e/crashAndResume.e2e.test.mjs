// UI end-to-end, as a user: the packaged extension (.vsix) installed into a real VS Code (code-server),
// driven through the palette, the Threads view and a window reload. Each test makes its own thread
// (with the UI, or with the CLI when the test is about what comes after), so any one runs alone:
// node --test --test-name-pattern='<name>' test/e2e/crashAndResume.e2e.test.mjs.
// Screenshots of every stage go to .artifacts/screenshots/ (git-ignored). Run: npm run test:e2e
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { answerInput, notifications, openView, pickItem, reloadWindow, runCommand, screenshot, startWorkbench, treeRows } from "../vscode/e2e/workbench.mjs";
import { CONTAINER, CONTAINER_LABEL, cli, root, threadRow, uiTest, vsix } from "./support.mjs";

let workbench;
let workspace;

const test = uiTest("e2e", () => workbench);
const stage = async (page, name) => console.log(`screenshot: ${await screenshot(page, name)}`);

/** The prompts of Run Graph and Run and Crash After Node…, in the order the commands show them. */
const prompts = (title) => ({
  graphFile: { title, placeholder: "Pick a graph file" },
  node: { title, placeholder: /^Rehearse recovery/ },
  threadId: { title, message: /^Thread id:/ },
  input: { title, message: /^Input \(optional\)/ },
});

/** A thread interrupted after step_1, made with the CLI (its process SIGKILLs itself there). */
function makeInterruptedThread(thread) {
  const result = cli(workspace, ["run", "durable.graph.ts", "--thread", thread, "--crash-at", "after-commit:step_1"]);
  assert.equal(result.signal, "SIGKILL", `the run killed itself after step_1: ${result.stderr}`);
}

/** The thread's row, once it reads `text` (its status, last node, steps). */
async function rowOf(page, thread, text, timeout = 60_000) {
  await openView(page, CONTAINER_LABEL);
  const row = threadRow(page, thread);
  await row.filter({ hasText: text }).waitFor({ timeout });
  return row;
}

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-"));
  cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(workspace, "durable.graph.ts"));
  cpSync(join(root, "test", "e2e", "fixtures", "long.graph.ts"), join(workspace, "long.graph.ts"));
  // A fresh workspace with no npm install: the extension brings its runner and SDK.
  workbench = await startWorkbench({ extensionVsix: vsix, workspace });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test("the seed example's workspace opens with its graph in the Threads view", async (page) => {
  await openView(page, CONTAINER_LABEL);
  await treeRows(page, CONTAINER, { waitForText: "durable.graph.ts", timeout: 60_000 });
  await stage(page, "e2e-1-opened");
});

test("Run and Crash After Node… with step_1 leaves the thread interrupted", async (page) => {
  const ask = prompts("Run and Crash After Node…");
  await runCommand(page, "Durable Graphs: Run and Crash After Node…", { expect: ask.graphFile });
  await pickItem(page, ask.graphFile, "durable.graph.ts", { next: ask.node });
  await pickItem(page, ask.node, "step_1", { next: ask.threadId });
  await answerInput(page, ask.threadId, "crashed", { next: ask.input });
  await answerInput(page, ask.input, undefined); // no input: the schema's defaults
  await notifications(page, { waitForText: "Thread crashed: the runner was killed after step 1, as asked", timeout: 60_000 });
  await rowOf(page, "crashed", "interrupted · step_1 · 1 step");
  // The run's progress notification goes away once the run has ended.
  await page.locator(".notifications-toasts .notification-toast", { hasText: "Durable Graphs: crashed" }).waitFor({ state: "detached", timeout: 30_000 });
  await stage(page, "e2e-2-crashed-interrupted");
});

test("after Reload Window the thread is still there, still interrupted", async (page) => {
  makeInterruptedThread("kept");
  await rowOf(page, "kept", "interrupted · step_1 · 1 step");
  await reloadWindow(page);
  await rowOf(page, "kept", "interrupted · step_1 · 1 step");
  // The view's own badge says there is something to resume, and what (not only each row's inline action).
  const item = page.locator(".activitybar .action-item", { has: page.locator(`[aria-label^="${CONTAINER_LABEL}"]`) });
  const badge = item.locator(".badge-content");
  await badge.waitFor({ timeout: 30_000 });
  assert.ok(Number(await badge.innerText()) >= 1, await badge.innerText());
  const label = (await item.locator("[aria-label]").first().getAttribute("aria-label")) ?? "";
  assert.match(label, /interrupted and can be resumed: .*\bkept\b/, label);
  await stage(page, "e2e-3-after-reload");
});

/** The rows under a thread's row in the Threads view (its checkpoints, once expanded). */
async function childRows(page, thread) {
  return page.locator(`[id="workbench.view.extension.${CONTAINER}"] .monaco-list-rows`).evaluate((list, prefix) => {
    const rows = [...list.querySelectorAll(".monaco-list-row")].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    const at = rows.findIndex((r) => (r.getAttribute("aria-label") ?? "").startsWith(prefix));
    if (at < 0) return [];
    const level = Number(rows[at].getAttribute("aria-level"));
    const children = [];
    for (const row of rows.slice(at + 1)) {
      if (Number(row.getAttribute("aria-level")) <= level) break;
      children.push(row.innerText.trim());
    }
    return children;
  }, `thread ${thread}, `);
}

test("Resume Thread from the palette completes it, each step run once", async (page) => {
  makeInterruptedThread("resumed");
  await rowOf(page, "resumed", "interrupted");
  const threads = { title: "Resume Thread", placeholder: "Pick a thread" };
  await runCommand(page, "Durable Graphs: Resume Thread", { expect: { ...threads, items: true } });
  await pickItem(page, threads, "resumed");
  await notifications(page, { waitForText: "Thread resumed completed at step 3", timeout: 60_000 });
  const row = await rowOf(page, "resumed", "completed · step_3 · 3 steps");
  // Expand the thread: one checkpoint per step.
  await row.click();
  await page.locator(`[id="workbench.view.extension.${CONTAINER}"] .monaco-list-row`, { hasText: "step 3 · step_3" }).first().waitFor({ timeout: 30_000 });
  const checkpoints = await childRows(page, "resumed");
  for (const step of ["step 1 · step_1", "step 2 · step_2", "step 3 · step_3"]) {
    assert.equal(checkpoints.filter((r) => r.includes(step)).length, 1, `${step} once in ${checkpoints.join(" | ")}`);
  }
  await stage(page, "e2e-4-resumed-completed");

  // The journal agrees: each node completed exactly once across the crash and the resume.
  const shown = cli(workspace, ["show", "resumed", "--json"]);
  assert.equal(shown.status, 0, shown.stderr);
  const nodes = JSON.parse(shown.stdout).records.filter((r) => r.type === "node").map((r) => r.node);
  assert.deepEqual(nodes, ["step_1", "step_2", "step_3"]);
});

test("Show Checkpoint is in the palette: a thread, then its step, then that step's state", async (page) => {
  makeInterruptedThread("shown");
  await rowOf(page, "shown", "interrupted");
  const threads = { title: "Show Checkpoint", placeholder: "Pick a thread" };
  const steps = { title: "Show Checkpoint", placeholder: "The state of shown at which step?" };
  await runCommand(page, "Durable Graphs: Show Checkpoint", { expect: { ...threads, items: true } });
  await pickItem(page, threads, "shown", { next: { ...steps, items: true } });
  await pickItem(page, steps, "step 0");
  // Step 0 is the input: nothing ran yet. The editor shows it as read-only JSON.
  await page.locator(".tab", { hasText: "step-0.json" }).waitFor({ timeout: 30_000 });
  const text = await page.locator(".editor-instance .view-lines").first().innerText();
  assert.match(text.replace(/\s+/g, " "), /"steps": \[\]/, text);
  await stage(page, "e2e-5-show-checkpoint");
});

/** Runner processes working in this test's workspace. */
function runnersInWorkspace() {
  const ps = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" }).stdout.split("\n");
  return ps
    .filter((line) => line.includes("dist/runner.js"))
    .map((line) => Number(line.trim().split(" ")[0]))
    .filter((pid) => {
      try {
        return spawnSync("readlink", [`/proc/${pid}/cwd`], { encoding: "utf8" }).stdout.trim() === workspace;
      } catch {
        return false;
      }
    });
}

/** The runners still working in this workspace after `ms` (none as soon as none is left). */
async function runnersGoneWithin(ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = runnersInWorkspace();
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test("a run going when the window reloads shows as interrupted, leaves no runner behind, and is offered for resuming", async (page) => {
  const ask = prompts("Run Graph");
  await runCommand(page, "Durable Graphs: Run Graph", { expect: ask.graphFile });
  await pickItem(page, ask.graphFile, "long.graph.ts", { next: ask.threadId }); // two graph files: pick this one
  await answerInput(page, ask.threadId, "long-run", { next: ask.input });
  await answerInput(page, ask.input, undefined);
  await rowOf(page, "long-run", "running", 30_000);
  await notifications(page, { waitForText: "step 3 · tick", timeout: 30_000 });
  assert.equal(runnersInWorkspace().length, 1, "one runner works on the thread");
  await stage(page, "e2e-5-running-before-reload");

  await reloadWindow(page);
  await openView(page, CONTAINER_LABEL);
  await notifications(page, { waitForText: "The window reload interrupted thread long-run", timeout: 60_000 });
  await rowOf(page, "long-run", /interrupted · tick/, 30_000);
  // The editor may start a short-lived runner after the reload (to compare the graph file with the one the
  // thread last ran); the run's runner, left behind, would never go. Wait a while for none to remain.
  assert.deepEqual(await runnersGoneWithin(15_000), [], "no runner process was left behind");
  await stage(page, "e2e-6-reload-interrupted-offer");

  const offer = page.locator(".notifications-toasts .notification-toast", { hasText: "The window reload interrupted thread long-run" });
  await offer.getByRole("button", { name: "Resume" }).click();
  await notifications(page, { waitForText: "Thread long-run completed at step 8", timeout: 60_000 });
  await stage(page, "e2e-7-resumed-after-reload");
  const shown = cli(workspace, ["show", "long-run", "--state", "--json"]);
  const view = JSON.parse(shown.stdout);
  assert.equal(view.state.count, 8);
  assert.equal(new Set(view.state.pids).size, 2, "two runners made the steps: the one the reload stopped, and the resumed one");
});
