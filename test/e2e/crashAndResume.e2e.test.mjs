// UI end-to-end, as a user: the packaged extension (.vsix) installed into a real VS Code (code-server),
// driven through the palette, the Threads view and a window reload. Screenshots of every stage go to
// .artifacts/screenshots/ (git-ignored). Run: npm run test:e2e
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test as nodeTest } from "node:test";
import { fileURLToPath } from "node:url";
import { notifications, openView, reloadWindow, runCommand, screenshot, startWorkbench, treeRows } from "../vscode/e2e/workbench.mjs";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..");
const vsix = join(root, "durable-graphs.vsix");
const CONTAINER = "durableGraphs";
let workbench;
let workspace;

/** Answers the open quick pick or input box: types `text` (if any) and accepts. */
async function answer(page, text) {
  const widget = page.locator(".quick-input-widget");
  await widget.waitFor({ state: "visible", timeout: 30_000 });
  const input = widget.locator("input");
  if (text !== undefined) {
    await input.fill(text);
    await widget.locator(".monaco-list-row", { hasText: text }).first().waitFor({ timeout: 15_000 });
  }
  await input.press("Enter");
}

/** Waits until the quick input closes, then for it to open again (the next prompt of the same command). */
async function nextPrompt(page) {
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 15_000 }).catch(() => {});
}

/** A test that leaves a screenshot of the workbench when it fails. */
const test = (name, body) =>
  nodeTest(name, async () => {
    try {
      await body();
    } catch (error) {
      const file = await screenshot(workbench.page, "e2e-failure").catch(() => undefined);
      if (file) console.log(`screenshot of the failure: ${file}`);
      throw error;
    }
  });

const stage = async (name) => console.log(`screenshot: ${await screenshot(workbench.page, name)}`);

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

test("the seed example's workspace opens with its graph in the Threads view", async () => {
  await openView(workbench.page, "Durable Graphs");
  await treeRows(workbench.page, CONTAINER, { waitForText: "durable.graph.ts", timeout: 60_000 });
  await stage("e2e-1-opened");
});

test("Run and Crash After Node… with step_1 leaves the thread interrupted", async () => {
  const { page } = workbench;
  await runCommand(page, "Durable Graphs: Run and Crash After Node…");
  await answer(page, "durable.graph.ts"); // the graph file
  await nextPrompt(page);
  await answer(page, "step_1"); // the node
  await nextPrompt(page);
  await answer(page); // thread id: the proposed "durable"
  await nextPrompt(page);
  await answer(page); // input: none
  await notifications(page, { waitForText: "killed after step 1, as asked", timeout: 60_000 });
  const rows = await treeRows(page, CONTAINER, { waitForText: "interrupted", timeout: 30_000 });
  assert.ok(rows.some((r) => /durable/.test(r) && /interrupted · step_1 · 1 step/.test(r)), rows.join(" | "));
  // The run's progress notification goes away once the run has ended.
  await page.locator(".notifications-toasts .notification-toast", { hasText: "Durable Graphs: durable: step" }).waitFor({ state: "detached", timeout: 15_000 });
  await stage("e2e-2-crashed-interrupted");
});

test("after Reload Window the thread is still there, still interrupted", async () => {
  const { page } = workbench;
  await reloadWindow(page);
  await openView(page, "Durable Graphs");
  const rows = await treeRows(page, CONTAINER, { waitForText: "interrupted", timeout: 60_000 });
  assert.ok(rows.some((r) => /interrupted · step_1 · 1 step/.test(r)), rows.join(" | "));
  await stage("e2e-3-after-reload");
});

test("Resume Thread from the palette completes it, each step run once", async () => {
  const { page } = workbench;
  await runCommand(page, "Durable Graphs: Resume Thread");
  await answer(page, "durable");
  await notifications(page, { waitForText: "completed at step 3", timeout: 60_000 });
  const rows = await treeRows(page, CONTAINER, { waitForText: "completed", timeout: 30_000 });
  assert.ok(rows.some((r) => /completed · step_3 · 3 steps/.test(r)), rows.join(" | "));
  // Expand the thread: one checkpoint per step.
  await page.locator(`[id="workbench.view.extension.${CONTAINER}"] .monaco-list-row`, { hasText: "completed · step_3" }).first().click();
  const expanded = await treeRows(page, CONTAINER, { waitForText: "step 3 · step_3" });
  for (const step of ["step 1 · step_1", "step 2 · step_2", "step 3 · step_3"]) {
    assert.equal(expanded.filter((r) => r.includes(step)).length, 1, `${step} once in ${expanded.join(" | ")}`);
  }
  await stage("e2e-4-resumed-completed");

  // The journal agrees: each node completed exactly once across the crash, the reload and the resume.
  const shown = spawnSync(process.execPath, [join(root, "bin", "durable-graphs.js"), "show", "durable", "--json"], { cwd: workspace, encoding: "utf8" });
  assert.equal(shown.status, 0, shown.stderr);
  const nodes = JSON.parse(shown.stdout).records.filter((r) => r.type === "node").map((r) => r.node);
  assert.deepEqual(nodes, ["step_1", "step_2", "step_3"]);
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

test("a run going when the window reloads shows as interrupted, leaves no runner behind, and is offered for resuming", async () => {
  const { page } = workbench;
  await runCommand(page, "Durable Graphs: Run Graph");
  await answer(page, "long.graph.ts"); // two graph files now: pick this one
  await nextPrompt(page);
  await answer(page); // thread id: "long"
  await nextPrompt(page);
  await answer(page); // no input
  await treeRows(page, CONTAINER, { waitForText: "running", timeout: 30_000 });
  await notifications(page, { waitForText: "step 3 · tick", timeout: 30_000 });
  assert.equal(runnersInWorkspace().length, 1, "one runner works on the thread");
  await stage("e2e-5-running-before-reload");

  await reloadWindow(page);
  await openView(page, "Durable Graphs");
  await notifications(page, { waitForText: "The window reload interrupted thread long", timeout: 60_000 });
  const rows = await treeRows(page, CONTAINER, { waitForText: "interrupted", timeout: 30_000 });
  assert.ok(rows.some((r) => /long/.test(r) && /interrupted · tick/.test(r)), rows.join(" | "));
  assert.deepEqual(runnersInWorkspace(), [], "no runner process was left behind");
  await stage("e2e-6-reload-interrupted-offer");

  const offer = page.locator(".notifications-toasts .notification-toast", { hasText: "The window reload interrupted thread long" });
  await offer.getByRole("button", { name: "Resume" }).click();
  await notifications(page, { waitForText: "Thread long completed at step 8", timeout: 60_000 });
  await stage("e2e-7-resumed-after-reload");
  const shown = spawnSync(process.execPath, [join(root, "bin", "durable-graphs.js"), "show", "long", "--state", "--json"], { cwd: workspace, encoding: "utf8" });
  const view = JSON.parse(shown.stdout);
  assert.equal(view.state.count, 8);
  assert.equal(new Set(view.state.pids).size, 2, "two runners made the steps: the one the reload stopped, and the resumed one");
});
