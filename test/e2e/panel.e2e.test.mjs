// UI end-to-end of the run panel, as a user: the packaged extension (.vsix) in a real VS Code
// (code-server). Threads are made with the CLI first (the seed's crash-and-resume story, a graph that
// writes hostile values, a 10,000-step thread); the panel is opened from the Threads view and the
// palette, checked, reloaded, and shown in light, dark and high-contrast themes. Screenshots go to
// .artifacts/screenshots/panel-*.png. Run: npm run test:e2e
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test as nodeTest } from "node:test";
import { fileURLToPath } from "node:url";
import { openView, runCommand, screenshot, startWorkbench, treeRows } from "../vscode/e2e/workbench.mjs";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..");
const vsix = join(root, "durable-graphs.vsix");
const CONTAINER = "durableGraphs";
let workbench;
let workspace;

const HOSTILE_GRAPH = `import { END, START, StateGraph, z } from "durable-graphs";
const State = z.object({ note: z.string().default(""), html: z.string().default("") });
export default new StateGraph(State)
  .addNode("write_hostile", async () => {
    console.log('<img src=x onerror="window.__pwned = 1">');
    return { note: "<script>window.__pwned = 2</script>", html: '<img src=x onerror="window.__pwned = 3">' };
  })
  .addNode("explode", async (s) => {
    throw new Error("refused " + s.html);
  })
  .addEdge(START, "write_hostile")
  .addConditionalEdges("write_hostile", (s) => (s.note ? "explode" : END), ["explode", END])
  .addEdge("explode", END);
`;

const MANY_GRAPH = `import { END, START, StateGraph, z } from "durable-graphs";
const State = z.object({ count: z.number().default(0) });
export default new StateGraph(State)
  .addNode("tick", async (s) => ({ count: s.count + 1 }))
  .addEdge(START, "tick")
  .addConditionalEdges("tick", (s) => (s.count < 10000 ? "tick" : END), ["tick", END]);
`;

function cli(args, env = {}) {
  return spawnSync(process.execPath, [join(root, "bin", "durable-graphs.js"), ...args], { cwd: workspace, env: { ...process.env, ...env }, encoding: "utf8" });
}

/** The visible run panel's content (the webview's inner frame). */
const panelFrame = (page) => page.frameLocator("iframe.webview.ready:visible").frameLocator("#active-frame");

/** A test that leaves a screenshot of the workbench when it fails. */
let tests = 0;
const test = (name, body) => {
  const n = ++tests;
  return nodeTest(name, async () => {
    try {
      await body();
    } catch (error) {
      const file = await screenshot(workbench.page, `panel-failure-${n}`).catch(() => undefined);
      if (file) console.log(`screenshot of the failure: ${file}`);
      throw error;
    }
  });
};

const stage = async (name) => console.log(`screenshot: ${await screenshot(workbench.page, name)}`);

/**
 * Durable Graphs: Open Run Panel from the palette, then the thread. (runCommand waits for the palette
 * to close, but this command reuses it at once for its pick.)
 */
async function openRunPanelFor(page, text) {
  const widget = page.locator(".quick-input-widget");
  const picker = widget.locator('input[placeholder="Pick a thread"]');
  // The palette can swallow the first pick the command opens while it is still closing: run it again then.
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, "Durable Graphs: Open Run Panel");
    try {
      await picker.waitFor({ state: "visible", timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      console.log(`the thread picker did not appear (attempt ${attempt}); running the command again`);
    }
  }
  await widget.locator("input").fill(text);
  await widget.locator(".monaco-list-row", { hasText: text }).first().waitFor({ timeout: 15_000 });
  await widget.locator("input").press("Enter");
  await widget.waitFor({ state: "hidden", timeout: 15_000 });
}

/** Preferences: Color Theme, then the theme by its label (the command opens a second pick at once). */
async function colorTheme(page, label, workbenchClass) {
  const widget = page.locator(".quick-input-widget");
  await page.locator(".monaco-workbench .part.statusbar").click({ position: { x: 1, y: 1 } });
  await page.keyboard.press("F1");
  await widget.locator("input").fill(">Preferences: Color Theme");
  await widget.locator(".monaco-list-row", { hasText: "Preferences: Color Theme" }).first().click();
  await widget.locator(".monaco-list-row", { hasText: "Dark Modern" }).first().waitFor({ timeout: 15_000 });
  await widget.locator("input").fill(label);
  await widget.locator(".monaco-list-row", { hasText: label }).first().waitFor({ timeout: 15_000 });
  await widget.locator("input").press("Enter");
  await widget.waitFor({ state: "hidden", timeout: 15_000 });
  await page.waitForFunction((c) => document.querySelector(".monaco-workbench")?.classList.contains(c), workbenchClass, { timeout: 15_000 });
}

/**
 * Developer: Reload Window, as a user runs it: the workbench shuts down in order (saving the panels'
 * webview state) before the page loads again. (A bare page reload may cut the state's last save.)
 */
async function reloadWindowCommand(page) {
  const widget = page.locator(".quick-input-widget");
  await page.locator(".monaco-workbench .part.statusbar").click({ position: { x: 1, y: 1 } });
  await page.keyboard.press("F1");
  await widget.locator("input").fill(">Developer: Reload Window");
  const loaded = page.waitForEvent("load", { timeout: 60_000 });
  await widget.locator(".monaco-list-row", { hasText: "Developer: Reload Window" }).first().click({ timeout: 30_000 });
  await loaded;
  await page.locator(".monaco-workbench .part.statusbar").waitFor({ timeout: 60_000 });
}

async function closeEditors(page) {
  await runCommand(page, "View: Close All Editors");
}

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-panel-"));
  cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(workspace, "durable.graph.ts"));
  writeFileSync(join(workspace, "hostile.graph.ts"), HOSTILE_GRAPH);
  writeFileSync(join(workspace, "many.graph.ts"), MANY_GRAPH);
  // The seed's story: step_2 crashes the process, the same command resumes at step_2.
  assert.equal(cli(["run", "durable.graph.ts", "--thread", "durable"], { CRASH: "true" }).status, 1);
  assert.equal(cli(["run", "durable.graph.ts", "--thread", "durable"]).status, 0);
  assert.equal(cli(["run", "hostile.graph.ts", "--thread", "hostile"]).status, 1, "the hostile graph's second node fails");
  const many = cli(["run", "many.graph.ts", "--thread", "many", "--step-limit", "20000"]);
  assert.equal(many.status, 0, many.stderr);
  workbench = await startWorkbench({ extensionVsix: vsix, workspace, viewport: { width: 1400, height: 900 }, settings: { "workbench.colorTheme": "Default Dark Modern" } });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test("the Threads view's Open Run Panel shows the seed thread: header, cells, the crash between runs, the diagram", async () => {
  const { page } = workbench;
  await openView(page, "Durable Graphs");
  await treeRows(page, CONTAINER, { waitForText: "completed · step_3", timeout: 60_000 });
  const row = page.locator(`[id="workbench.view.extension.${CONTAINER}"] .monaco-list-row`, { hasText: "completed · step_3" }).first();
  await row.hover();
  await row.locator('.action-label[aria-label="Open Run Panel"]').click();

  const frame = panelFrame(page);
  await frame.locator(".node-cell").nth(2).waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator(".run-header h1").innerText(), "durable");
  assert.equal(await frame.locator(".run-header .status").innerText(), "completed");
  assert.deepEqual(await frame.locator(".node-cell .prompt").allInnerTexts(), ["[1]", "[2]", "[3]"]);
  assert.deepEqual(await frame.locator(".node-cell .node-name").allInnerTexts(), ["step_1", "step_2", "step_3"]);
  const markers = await frame.locator(".marker .marker-text").allInnerTexts();
  assert.ok(markers.some((m) => /Run 1 .* stopped without finishing/.test(m)), markers.join(" | "));
  assert.ok(markers.some((m) => /Run 2 .* resumed after step 1 — completed at step 3/.test(m)), markers.join(" | "));
  // The diagram: every node, laid out, done ones marked.
  await frame.locator('.diagram g.node[data-node="step_3"]').waitFor({ timeout: 30_000 });
  for (const node of ["step_1", "step_2", "step_3"]) assert.match((await frame.locator(`.diagram g.node[data-node="${node}"]`).getAttribute("class")) ?? "", /\bdone\b/);
  assert.equal(await frame.locator(".diagram path.edge").count(), 4);

  // Open step_2's cell from the keyboard: its change and its console output.
  await frame.locator(".node-cell").nth(0).focus();
  await page.keyboard.press("ArrowDown"); // the marker of the second run
  await page.keyboard.press("ArrowDown");
  assert.equal(await frame.locator(".node-cell:focus .node-name").innerText(), "step_2");
  await page.keyboard.press("Enter");
  const open = frame.locator(".node-cell.open");
  await open.locator(".output").waitFor({ timeout: 15_000 });
  assert.match(await open.locator(".output").innerText(), /Executing Step 2/);
  assert.match(await open.locator(".diff.added").innerText(), /"step_2"/);
  await stage("panel-1-seed-dark");
});

test("Fork from here runs Fork from Checkpoint for that step", async () => {
  const { page } = workbench;
  const frame = panelFrame(page);
  await frame.locator(".node-cell").nth(0).locator("button.fork").click();
  const widget = page.locator(".quick-input-widget");
  await widget.waitFor({ state: "visible", timeout: 15_000 });
  assert.equal(await widget.locator("input").inputValue(), "durable-fork-1");
  await widget.locator("input").press("Enter");
  await page.locator(".notifications-toasts .notification-toast", { hasText: "Forked durable at step 1 into durable-fork-1" }).waitFor({ timeout: 15_000 });
  await treeRows(page, CONTAINER, { waitForText: "durable-fork-1", timeout: 15_000 });
});

test("hostile state values, logs and errors show as text and run nothing", async () => {
  const { page } = workbench;
  await closeEditors(page);
  await openRunPanelFor(page, "hostile");
  const frame = panelFrame(page);
  await frame.locator(".node-cell").nth(1).waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator(".run-header .status").innerText(), "failed");
  for (const cell of await frame.locator(".node-cell button.toggle").all()) await cell.click();
  const first = frame.locator(".node-cell").nth(0);
  const second = frame.locator(".node-cell").nth(1);
  await second.locator("details.input summary").click();
  await second.locator("details.input pre").waitFor();
  assert.match(await second.locator("details.input pre").innerText(), /<script>window.__pwned = 2<\/script>/);
  assert.match(await first.locator(".changes").innerText(), /<img src=x onerror=\\"window.__pwned = 3\\">/);
  assert.match(await first.locator(".output").innerText(), /<img src=x onerror="window.__pwned = 1">/);
  const failed = frame.locator(".node-cell.status-failed");
  assert.match(await failed.locator(".cell-error").innerText(), /refused <img src=x onerror/);
  await failed.locator("button.frame").first().waitFor({ timeout: 15_000 });
  // Nothing was parsed as markup: no image, no script but the panel's own, no handler ran.
  assert.equal(await frame.locator("img").count(), 0);
  assert.equal(await frame.locator("body").evaluate(() => [...document.scripts].filter((s) => s.textContent.includes("__pwned")).length), 0);
  assert.equal(await frame.locator("body").evaluate(() => window.__pwned ?? null), null);
  // The conditional edge is drawn dashed.
  assert.equal(await frame.locator(".diagram path.edge.conditional").count(), 2);
  await stage("panel-2-hostile-dark");

  // The error's stack frame in the graph file opens that line.
  await failed.locator("button.frame").first().click();
  await page.locator(".tabs-container .tab.active", { hasText: "hostile.graph.ts" }).waitFor({ timeout: 15_000 });
  await page.locator(".tabs-container .tab", { hasText: "Run: hostile" }).click();
});

test("a 10,000-step thread opens at once; the keyboard reaches its last cell", async () => {
  const { page } = workbench;
  await openRunPanelFor(page, "many");
  const frame = panelFrame(page);
  await frame.locator(".node-cell .prompt", { hasText: "[10000]" }).waitFor({ state: "attached", timeout: 60_000 });
  assert.equal(await frame.locator(".node-cell").count(), 10_000);
  await frame.locator(".node-cell").first().focus();
  await page.keyboard.press("End");
  assert.equal(await frame.locator(".node-cell:focus .prompt").innerText(), "[10000]");
  // Open a cell in the middle and leave the panel scrolled there, for the reload.
  const middle = frame.locator(".node-cell").nth(5000);
  await middle.scrollIntoViewIfNeeded();
  await middle.locator("button.toggle").click();
  await middle.locator(".changes").waitFor({ timeout: 15_000 });
  assert.match(await middle.locator(".diff.added").innerText(), /5001/);
  await stage("panel-3-ten-thousand-steps");
});

test("after Reload Window the panels come back with their scroll position and open cells", async () => {
  const { page } = workbench;
  const frame = panelFrame(page);
  const scrolled = await frame.locator("body").evaluate(() => document.scrollingElement.scrollTop);
  assert.ok(scrolled > 10_000, `scrolled to ${scrolled}`);
  await reloadWindowCommand(page);
  const restored = panelFrame(page);
  await restored.locator(".node-cell.open").waitFor({ timeout: 60_000 });
  assert.equal(await restored.locator(".node-cell.open .prompt").textContent(), "[5001]");
  await restored.locator(".node-cell.open .changes").waitFor({ timeout: 15_000 });
  const top = await restored.locator("body").evaluate(() => document.scrollingElement.scrollTop);
  assert.ok(Math.abs(top - scrolled) < 200, `scrolled to ${top} after the reload, ${scrolled} before`);
  await page.locator(".tabs-container .tab", { hasText: "Run: hostile" }).waitFor({ timeout: 15_000 });
  await stage("panel-4-restored");
});

test("light and high-contrast themes", async () => {
  const { page } = workbench;
  await page.locator(".tabs-container .tab", { hasText: "Run: hostile" }).click();
  const frame = panelFrame(page);
  await frame.locator(".node-cell.open .changes").first().waitFor({ timeout: 30_000 });
  await colorTheme(page, "Light Modern", "vs");
  await panelFrame(page).locator("body.vscode-light .node-cell.open .changes").first().waitFor({ timeout: 30_000 });
  await stage("panel-5-hostile-light");
  await page.locator(".tabs-container .tab", { hasText: "Run: many" }).click();
  await colorTheme(page, "Dark High Contrast", "hc-black");
  await panelFrame(page).locator("body.vscode-high-contrast .node-cell.open .changes").first().waitFor({ timeout: 30_000 });
  await stage("panel-6-high-contrast");
});
