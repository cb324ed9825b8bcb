// UI end-to-end of the run panel, as a user: the packaged extension (.vsix) in a real VS Code
// (code-server). Each test makes its own threads with the CLI (the seed's crash-and-resume story, a
// graph that writes hostile values, a 10,000-step thread, a fast run of the CLI followed live), opens their panel itself from the Threads
// view or the palette, and checks it; one reloads the window, one switches to light and high-contrast
// themes. Any one runs alone: node --test --test-name-pattern='<name>' test/e2e/panel.e2e.test.mjs.
// Screenshots go to .artifacts/screenshots/panel-*.png. Run: npm run test:e2e
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { answerInput, closeQuickInput, openView, pickItem, reloadWindow, runCommand, screenshot, startWorkbench } from "../vscode/e2e/workbench.mjs";
import { CONTAINER_LABEL, cli, panelFrame, root, threadRow, uiTest, vsix } from "./support.mjs";

let workbench;
let workspace;

const HOSTILE_GRAPH = `import { END, START, StateGraph, z } from "durable-graphs";
const State = z.object({ note: z.string().default(""), html: z.string().default(""), spoof: z.string().default("") });
export default new StateGraph(State)
  .addNode("write_hostile", async () => {
    console.log('<img src=x onerror="window.__pwned = 1">');
    return { note: "<script>window.__pwned = 2</script>", html: '<img src=x onerror="window.__pwned = 3">', spoof: "\\u202ERTL-override\\u200B" };
  })
  .addNode("explode", async (s) => {
    await new Promise((r) => setTimeout(r, 30));
    throw new Error("refused " + s.html + " " + s.spoof);
  })
  .addEdge(START, "write_hostile")
  .addConditionalEdges("write_hostile", (s) => (s.note ? "explode" : END), ["explode", END])
  .addEdge("explode", END);
`;

/** 800 rounds of plan → two parallel fetches → join, a few ms each: 2,400 steps, 3,200 cells. */
const FAST_GRAPH = `import { END, START, StateGraph, z } from "durable-graphs";
const State = z.object({ round: z.number().default(0) });
const pause = () => new Promise((r) => setTimeout(r, 2));
export default new StateGraph(State)
  .addNode("plan", async (s) => (await pause(), { round: s.round + 1 }))
  .addNode("fetch_a", async () => (await pause(), {}))
  .addNode("fetch_b", async () => (await pause(), {}))
  .addNode("join", async () => (await pause(), {}))
  .addEdge(START, "plan")
  .addEdge("plan", "fetch_a")
  .addEdge("plan", "fetch_b")
  .addEdge(["fetch_a", "fetch_b"], "join")
  .addConditionalEdges("join", (s) => (s.round < 800 ? "plan" : END), ["plan", END]);
`;

const MANY_GRAPH = `import { END, START, StateGraph, z } from "durable-graphs";
const State = z.object({ count: z.number().default(0) });
export default new StateGraph(State)
  .addNode("tick", async (s) => ({ count: s.count + 1 }))
  .addEdge(START, "tick")
  .addConditionalEdges("tick", (s) => (s.count < 10000 ? "tick" : END), ["tick", END]);
`;

const test = uiTest("panel", () => workbench);
const stage = async (page, name) => console.log(`screenshot: ${await screenshot(page, name)}`);

/** Makes a thread with the CLI, asserting how the run ended. */
function makeThread(file, thread, { status = 0, env = {}, args = [] } = {}) {
  const result = cli(workspace, ["run", file, "--thread", thread, ...args], env);
  assert.equal(result.status, status, `run ${file} --thread ${thread}: ${result.stderr}`);
}

/** The seed's story on a thread of its own: step_2 crashes the process, the same command resumes it. */
function makeSeedThread(thread) {
  makeThread("durable.graph.ts", thread, { status: 1, env: { CRASH: "true" } });
  makeThread("durable.graph.ts", thread);
}

const makeManyThread = (thread) => makeThread("many.graph.ts", thread, { args: ["--step-limit", "20000"] });
/** The hostile graph's second node fails. */
const makeHostileThread = (thread) => makeThread("hostile.graph.ts", thread, { status: 1 });

const THREAD_PICK = { title: "Open Run Panel", placeholder: "Pick a thread" };

/** Durable Graphs: Open Run Panel from the palette, then the thread; resolves when its panel shows it. */
async function openRunPanelFor(page, thread) {
  await runCommand(page, "Durable Graphs: Open Run Panel", { expect: { ...THREAD_PICK, items: true } });
  await pickItem(page, THREAD_PICK, thread);
  await panelFrame(page).locator(".run-header h1", { hasText: new RegExp(`^${thread}$`) }).waitFor({ timeout: 60_000 });
}

/** Preferences: Color Theme, then the theme by its label; resolves when the workbench wears it. */
async function colorTheme(page, label, workbenchClass) {
  const themes = { placeholder: /^Select Color Theme/ };
  await runCommand(page, "Preferences: Color Theme", { expect: { ...themes, row: "Dark Modern" } });
  await pickItem(page, themes, label);
  await page.waitForFunction((c) => document.querySelector(".monaco-workbench")?.classList.contains(c), workbenchClass, { timeout: 30_000 });
}

/** Closes every editor (run panels included), so the panel a test opens is the only one shown. */
async function closeEditors(page) {
  await runCommand(page, "View: Close All Editors");
  await page.locator(".part.editor .tabs-container .tab").first().waitFor({ state: "detached", timeout: 30_000 });
}

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-panel-"));
  cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(workspace, "durable.graph.ts"));
  writeFileSync(join(workspace, "hostile.graph.ts"), HOSTILE_GRAPH);
  writeFileSync(join(workspace, "many.graph.ts"), MANY_GRAPH);
  writeFileSync(join(workspace, "fast.graph.ts"), FAST_GRAPH);
  workbench = await startWorkbench({ extensionVsix: vsix, workspace, viewport: { width: 1400, height: 900 }, settings: { "workbench.colorTheme": "Default Dark Modern" } });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test("the Threads view's Open Run Panel shows the seed thread: header, cells, the crash between runs, the diagram", async (page) => {
  makeSeedThread("seed");
  await closeEditors(page);
  await openView(page, CONTAINER_LABEL);
  const row = threadRow(page, "seed");
  await row.filter({ hasText: "completed · step_3" }).waitFor({ timeout: 60_000 });
  await row.hover();
  await row.locator('.action-label[aria-label="Open Run Panel"]').click();

  const frame = panelFrame(page);
  await frame.locator(".node-cell").nth(2).waitFor({ timeout: 60_000 });
  assert.equal(await frame.locator(".run-header h1").innerText(), "seed");
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
  await open.locator(".output").waitFor({ timeout: 30_000 });
  assert.match(await open.locator(".output").innerText(), /Executing Step 2/);
  assert.match(await open.locator(".diff.added").innerText(), /"step_2"/);
  await stage(page, "panel-1-seed-dark");
});

test("in a small window (800×500) the header is compact: at most a fifth of the panel, its actions and facts still there", async (page) => {
  makeSeedThread("small-window");
  makeHostileThread("small-failed");
  await closeEditors(page);
  await page.setViewportSize({ width: 800, height: 500 });
  try {
    for (const thread of ["small-window", "small-failed"]) {
      await openRunPanelFor(page, thread);
      const header = panelFrame(page).locator(".run-header");
      await panelFrame(page).locator(".node-cell").first().waitFor({ timeout: 60_000 });
      const size = await header.evaluate((h) => {
        const box = (el) => el.getBoundingClientRect();
        const buttons = [...h.querySelectorAll(".actions button")].map((b) => ({ label: b.textContent, right: box(b).right, width: box(b).width }));
        return { header: box(h).height, panel: window.innerHeight, width: window.innerWidth, buttons, facts: h.querySelector(".facts").textContent, factsTitle: h.querySelector(".facts").title };
      });
      assert.ok(size.panel < 500, `the panel is inside the small window: ${size.panel}px`);
      assert.ok(size.header <= size.panel / 5, `${thread}: the header takes ${size.header}px of a ${size.panel}px panel (at most a fifth)`);
      for (const label of ["Resume", "Cancel", "Reset"]) {
        const b = size.buttons.find((x) => x.label === label);
        assert.ok(b && b.width > 0 && b.right <= size.width, `${thread}: ${label} is shown whole: ${JSON.stringify(b)}`);
      }
      assert.match(size.facts, /graph.*steps/, "the facts are on their line");
      assert.match(size.factsTitle, /^graph: .*\nsteps: .*\nstarted: .*\nupdated: .*\nduration: /, "and all of them in its tooltip");
      await stage(page, `panel-small-window-${thread}`);
      await closeEditors(page);
    }
  } finally {
    await page.setViewportSize({ width: 1400, height: 900 });
  }
});

test("Fork from here runs Fork from Checkpoint for that step", async (page) => {
  makeSeedThread("fork-src");
  await closeEditors(page);
  await openRunPanelFor(page, "fork-src");
  const frame = panelFrame(page);
  await frame.locator(".node-cell").nth(2).waitFor({ timeout: 60_000 });
  await frame.locator(".node-cell").nth(0).locator("button.fork").click();
  // The new thread's id is proposed: accept it.
  await answerInput(page, { title: "Fork from Checkpoint", message: /^New thread id \(starts from fork-src at step 1\)/, value: "fork-src-fork-1" }, undefined);
  await page.locator(".notifications-toasts .notification-toast", { hasText: "Forked fork-src at step 1 into fork-src-fork-1" }).waitFor({ timeout: 30_000 });
  await openView(page, CONTAINER_LABEL);
  await threadRow(page, "fork-src-fork-1").waitFor({ timeout: 30_000 });
});

test("a thread reset while its panel is open leaves nothing of its old run on screen", async (page) => {
  makeSeedThread("reset-open");
  await openRunPanelFor(page, "reset-open");
  const frame = panelFrame(page);
  await frame.locator(".node-cell").first().waitFor({ timeout: 30_000 });
  const reset = cli(workspace, ["reset", "reset-open"]);
  assert.equal(reset.status, 0, reset.stderr);
  await frame.locator(".notice", { hasText: "no longer exists" }).waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator(".node-cell").count(), 0, "no old cell");
  assert.equal(await frame.locator(".run-header .status").innerText(), "gone");
  assert.equal(await frame.locator(".run-header button").count(), 0, "no Resume or Cancel for a thread that is gone");
  assert.ok(await frame.locator(".diagram").isHidden());
  await stage(page, "panel-3b-reset-thread");
});

test("hostile state values, logs and errors show as text and run nothing", async (page) => {
  makeHostileThread("hostile");
  await closeEditors(page);
  await openRunPanelFor(page, "hostile");
  const frame = panelFrame(page);
  await frame.locator(".node-cell").nth(1).waitFor({ timeout: 60_000 });
  assert.equal(await frame.locator(".run-header .status").innerText(), "failed");
  for (const cell of await frame.locator(".node-cell button.toggle").all()) await cell.click();
  const first = frame.locator(".node-cell").nth(0);
  const second = frame.locator(".node-cell").nth(1);
  await second.locator("details.input summary").click();
  await second.locator("details.input pre").waitFor({ timeout: 30_000 });
  assert.match(await second.locator("details.input pre").innerText(), /<script>window.__pwned = 2<\/script>/);
  await first.locator(".changes").waitFor({ timeout: 30_000 });
  assert.match(await first.locator(".changes").innerText(), /<img src=x onerror=\\"window.__pwned = 3\\">/);
  assert.match(await first.locator(".output").innerText(), /<img src=x onerror="window.__pwned = 1">/);
  const failed = frame.locator(".node-cell.status-failed");
  assert.match(await failed.locator(".cell-error").innerText(), /refused <img src=x onerror/);
  await failed.locator("button.frame").first().waitFor({ timeout: 30_000 });
  // The stack shows the graph's own frames; the runner's (minified) and Node's are one click away.
  const stack = failed.locator("pre.stack").first();
  assert.doesNotMatch(await stack.innerText(), /dist[\\/](?:runner|cli)\.js|node:internal/, await stack.innerText());
  await failed.locator("button.stack-toggle").first().click();
  assert.match(await stack.innerText(), /dist[\\/](?:runner|cli)\.js|node:internal/);
  await failed.locator("button.stack-toggle").first().click();
  // Nothing was parsed as markup: no image, no script but the panel's own, no handler ran.
  assert.equal(await frame.locator("img").count(), 0);
  assert.equal(await frame.locator("body").evaluate(() => [...document.scripts].filter((s) => s.textContent.includes("__pwned")).length), 0);
  assert.equal(await frame.locator("body").evaluate(() => window.__pwned ?? null), null);
  // Bidi and zero-width characters show as escapes, drawn apart from the text, in values and errors:
  // "RTL-override" reads as stored, not reversed.
  assert.match(await first.locator(".changes").innerText(), /\\u202ERTL-override\\u200B/);
  assert.deepEqual(await first.locator(".changes .diff.added .invisible-char").allInnerTexts(), ["\\u202E", "\\u200B"]);
  assert.match(await failed.locator(".cell-error").innerText(), /\\u202ERTL-override\\u200B/);
  assert.equal(await failed.locator(".cell-error .invisible-char").count(), 2);
  assert.equal(await frame.locator("body").evaluate(() => /[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/.test(document.body.innerText)), false, "no bidi control reaches the screen");
  // The failed cell says how long its failed try ran (about 30 ms), not "—".
  assert.match(await failed.locator(".elapsed").innerText(), /^\d+ ms$/);
  // Resume (a failed thread) is enabled; Cancel (nothing runs) is disabled, drawn so, and out of the Tab order.
  const resume = frame.locator(".actions button", { hasText: "Resume" });
  const cancel = frame.locator(".actions button", { hasText: "Cancel" });
  assert.equal(await resume.isEnabled(), true);
  assert.equal(await cancel.isDisabled(), true);
  const look = (b) => b.evaluate((e) => ({ cursor: getComputedStyle(e).cursor, color: getComputedStyle(e).color, background: getComputedStyle(e).backgroundColor }));
  const [resumeLook, cancelLook] = [await look(resume), await look(cancel)];
  assert.equal(cancelLook.cursor, "not-allowed");
  assert.notEqual(cancelLook.background, resumeLook.background, "a disabled button is not drawn as a primary one");
  assert.notEqual(cancelLook.color, resumeLook.color);
  await resume.focus();
  await page.keyboard.press("Tab");
  assert.equal(await frame.locator("body").evaluate(() => document.activeElement?.textContent), "Reset", "Tab skips the disabled Cancel");
  // The conditional edge is drawn dashed.
  await frame.locator(".diagram path.edge.conditional").first().waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator(".diagram path.edge.conditional").count(), 2);
  await stage(page, "panel-2-hostile-dark");

  // The error's stack frame in the graph file opens that line.
  await failed.locator("button.frame").first().click();
  await page.locator(".tabs-container .tab.active", { hasText: "hostile.graph.ts" }).waitFor({ timeout: 30_000 });
});

/** The run panel's list of cells (a virtual list: it scrolls, the page does not). */
const scroller = (frame) => frame.locator(".cell-scroller");

/** Opens the cell of step 5001, in the middle of a 10,000-step thread's panel, leaving it scrolled there. */
async function openMiddleCell(frame) {
  // Row 5001 (after the run's marker), a row being about 36 px: scroll near it, then find it.
  await scroller(frame).evaluate((s) => (s.scrollTop = 5001 * 36 - 200));
  const middle = frame.locator(".node-cell", { has: frame.locator(".prompt", { hasText: /^\[5001\]$/ }) });
  await middle.waitFor({ timeout: 30_000 });
  await middle.scrollIntoViewIfNeeded();
  await middle.locator("button.toggle").click();
  const open = frame.locator(".node-cell.open");
  await open.locator(".changes").waitFor({ timeout: 30_000 });
  assert.match(await open.locator(".diff.added").innerText(), /5001/);
}

/** Waits until a 10,000-step thread's panel knows all its cells (the list's length, from its rows' set size). */
const allTenThousand = (frame) => frame.locator('.cell[aria-setsize="10001"]').first().waitFor({ state: "attached", timeout: 60_000 });

test("a 10,000-step thread opens at once with only the rows on screen in the page; the keyboard reaches its last cell", async (page) => {
  makeManyThread("many");
  await closeEditors(page);
  await openRunPanelFor(page, "many");
  const frame = panelFrame(page);
  await allTenThousand(frame);
  await frame.locator(".node-cell").first().waitFor({ timeout: 30_000 });
  // A virtual list: the page holds the rows on screen (and a few beyond), not 10,000.
  const rows = await frame.locator(".cell").count();
  assert.ok(rows > 5 && rows < 120, `${rows} rows in the page`);
  assert.equal(await frame.locator(".node-cell .prompt").first().innerText(), "[1]");
  await frame.locator(".node-cell").first().focus();
  await page.keyboard.press("End");
  await frame.locator(".node-cell:focus .prompt", { hasText: "[10000]" }).waitFor({ timeout: 30_000 });
  assert.ok((await frame.locator(".cell").count()) < 120, "still only the rows on screen");
  await page.keyboard.press("ArrowUp");
  await frame.locator(".node-cell:focus .prompt", { hasText: "[9999]" }).waitFor({ timeout: 30_000 });
  await page.keyboard.press("Home");
  await frame.locator(".cell:focus", { hasText: "Run 1" }).waitFor({ timeout: 30_000 });
  await openMiddleCell(frame);
  assert.ok((await frame.locator(".cell").count()) < 120, "an opened cell keeps the page small");
  await stage(page, "panel-3-ten-thousand-steps");
});

test("a panel opened in the middle of a fast run shows its newest cells and follows them to the end", async (page) => {
  const child = spawn(process.execPath, [join(root, "bin", "durable-graphs.js"), "run", "fast.graph.ts", "--thread", "fast-live"], { cwd: workspace, stdio: "ignore" });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  try {
    const meta = join(workspace, ".durable", "threads", "fast-live", "meta.json");
    // Opened once the run is well under way (hundreds of cells in).
    for (;;) {
      const step = existsSync(meta) ? (JSON.parse(readFileSync(meta, "utf8")).step ?? 0) : 0;
      if (step >= 400) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await closeEditors(page);
    await openRunPanelFor(page, "fast-live");
    const frame = panelFrame(page);
    await frame.locator(".run-header .status", { hasText: "running" }).waitFor({ timeout: 30_000 });
    const first = await frame.locator(".node-cell .prompt").first().innerText({ timeout: 30_000 });
    assert.ok(Number(first.slice(1, -1)) > 300, `the panel opened on cell ${first}, not on the oldest`);
    await frame.locator(".diagram g.node").first().waitFor({ timeout: 30_000 });
    await stage(page, "panel-8-fast-run-mid-run");
    assert.equal(await exited, 0);
    await frame.locator(".run-header .status", { hasText: "completed" }).waitFor({ timeout: 60_000 });
    // Followed to the end: the last cell is on screen.
    await frame.locator(".node-cell .prompt", { hasText: /^\[3200\]$/ }).waitFor({ timeout: 30_000 });
    // The loop back (join → plan) is drawn whole, inside the picture: dagre routes it around the nodes,
    // where it used to be clipped to two stubs.
    const loopBack = await frame.locator('.diagram path[data-edge="join→plan"]').evaluate((path) => {
      const box = path.getBBox();
      const view = path.ownerSVGElement.viewBox.baseVal;
      return { inside: box.x >= view.x && box.y >= view.y && box.x + box.width <= view.x + view.width && box.y + box.height <= view.y + view.height, length: path.getTotalLength() };
    });
    assert.ok(loopBack.inside && loopBack.length > 100, JSON.stringify(loopBack));
    await stage(page, "panel-9-fast-run-finished");
  } finally {
    child.kill();
  }
});

test("after Reload Window the panels come back with their scroll position and open cells", async (page) => {
  makeHostileThread("restore-hostile");
  makeManyThread("restore-many");
  await closeEditors(page);
  await openRunPanelFor(page, "restore-hostile");
  await panelFrame(page).locator(".node-cell").nth(1).waitFor({ timeout: 60_000 });
  // The many-step panel last, so it is the one shown after the reload.
  await openRunPanelFor(page, "restore-many");
  const frame = panelFrame(page);
  await allTenThousand(frame);
  await openMiddleCell(frame);
  const scrolled = await scroller(frame).evaluate((s) => s.scrollTop);
  assert.ok(scrolled > 10_000, `scrolled to ${scrolled}`);
  await reloadWindow(page, { command: true });
  const restored = panelFrame(page);
  await restored.locator(".node-cell.open").waitFor({ timeout: 60_000 });
  assert.equal(await restored.locator(".run-header h1").innerText(), "restore-many");
  assert.equal(await restored.locator(".node-cell.open .prompt").textContent(), "[5001]");
  await restored.locator(".node-cell.open .changes").waitFor({ timeout: 30_000 });
  const top = await scroller(restored).evaluate((s) => s.scrollTop);
  assert.ok(Math.abs(top - scrolled) < 200, `scrolled to ${top} after the reload, ${scrolled} before`);
  await page.locator(".tabs-container .tab", { hasText: "Run: restore-hostile" }).waitFor({ timeout: 30_000 });
  await stage(page, "panel-4-restored");
});

test("light and high-contrast themes", async (page) => {
  makeHostileThread("themes");
  await closeEditors(page);
  await openRunPanelFor(page, "themes");
  const frame = panelFrame(page);
  await frame.locator(".node-cell").nth(1).waitFor({ timeout: 60_000 });
  for (const cell of await frame.locator(".node-cell button.toggle").all()) await cell.click();
  await frame.locator(".node-cell.open .changes").first().waitFor({ timeout: 30_000 });
  try {
    await colorTheme(page, "Light Modern", "vs");
    await panelFrame(page).locator("body.vscode-light .node-cell.open .changes").first().waitFor({ timeout: 30_000 });
    await stage(page, "panel-5-hostile-light");
    await colorTheme(page, "Dark High Contrast", "hc-black");
    await panelFrame(page).locator("body.vscode-high-contrast .node-cell.open .changes").first().waitFor({ timeout: 30_000 });
    await stage(page, "panel-6-high-contrast");
  } finally {
    // The other tests' screenshots are taken in the theme the workbench started with.
    await closeQuickInput(page);
    await colorTheme(page, "Dark Modern", "vs-dark");
  }
});

test("a thread whose journal was repaired says so in the Threads view and the panel's header", async (page) => {
  // A run killed mid-write leaves an incomplete last record; the next run cuts it off.
  const crashed = cli(workspace, ["run", "durable.graph.ts", "--thread", "repaired", "--crash-at", "after-commit:step_1"]);
  assert.equal(crashed.signal, "SIGKILL", crashed.stderr);
  const dir = join(workspace, ".durable", "threads", "repaired");
  const journal = join(dir, readdirSync(dir).filter((f) => /^journal-\d+\.ndjson$/.test(f)).sort().at(-1));
  const offset = statSync(journal).size;
  const tail = '{"seq":99,"type":"node"';
  appendFileSync(journal, tail);
  makeThread("durable.graph.ts", "repaired");
  // The summary records the cut as the store's contract says (ThreadInfo.repaired); written here until
  // the store writes it itself.
  const meta = join(dir, "meta.json");
  writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, "utf8")), repaired: { file: journal, offset, bytes: tail.length, records: 1, at: Date.now() } }));

  await closeEditors(page);
  await openView(page, CONTAINER_LABEL);
  await threadRow(page, "repaired").filter({ hasText: "journal repaired" }).waitFor({ timeout: 60_000 });
  await openRunPanelFor(page, "repaired");
  const notice = panelFrame(page).locator(".run-header .repair-notice");
  await notice.waitFor({ timeout: 30_000 });
  assert.match(await notice.innerText(), /Journal repaired when the thread was last opened: an incomplete record of 23 bytes was cut from the end of journal-000001\.ndjson\./);
  await stage(page, "panel-7-journal-repaired");
});
