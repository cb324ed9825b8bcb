// The editor benchmark (issue 9): the extension in a real VS Code (code-server + Debian chromium,
// driven by playwright-core) while a fast run floods it, and on a long finished thread. A benchmark,
// not a test: it prints each target with what was measured and whether it was met, and writes the
// figures to bench/editor/results.json and results.md (another engineer folds them into
// bench/RESULTS.md). Nothing here asserts.
//
//   npm run bench:editor                     # builds, then measures (about 3 minutes)
//   node bench/editor/editorBench.mjs --label before --out bench/editor/results-before
//
// What it does, as a user would:
//  1. opens the workbench on a temp folder holding bench/editor/fast.graph.ts (1,000 rounds of plan →
//     3 parallel fetches → join, 10 ms nodes: 3,000 steps, 5,000 cells) and a 10,000-step thread
//     made beforehand with the CLI;
//  2. reads the extension's activation time (its own log line, and the host's "Running Extensions");
//  3. Run Graph from the palette, opens the thread's run panel from the palette, and samples the
//     panel, the status bar and the Threads view every ~200 ms; the store's truth is the journal's
//     own commit times (each checkpoint record's `at`), read afterwards;
//  4. opens Cancel Run's picker at about 25 %, 50 % and 75 % of the run (then dismisses it);
//  5. after the runner's `end` record, times when the view, the status bar and the panel say so;
//  6. opens the 10,000-step thread's panel and times its first cell, then scrolls it from top to
//     bottom frame by frame and counts the frames, and times 20 wheel ticks.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir, cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { closeQuickInput, openPaletteEntry, openView, pickItem, answerInput, runCommand, screenshot, startWorkbench } from "../../test/vscode/e2e/workbench.mjs";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const label = option("label", "after");
const out = resolve(root, option("out", "bench/editor/results"));
const FINAL_WAIT_MS = Number(option("final-wait-ms", 300_000));
const THREAD = "fast-1";
const LONG = "long-10k";
const CONTAINER = "durableGraphs";
const panelFrame = (page) => page.frameLocator("iframe.webview.ready:visible").frameLocator("#active-frame");
const now = () => Date.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(`[bench:editor ${new Date().toISOString().slice(11, 19)}]`, ...a);

function cli(workspace, cliArgs) {
  const r = spawnSync(process.execPath, [join(root, "bin", "durable-graphs.js"), ...cliArgs], { cwd: workspace, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`durable-graphs ${cliArgs.join(" ")}: ${r.stderr}`);
}

/** The journal's records of a thread (all segments, in order). */
function journal(workspace, thread) {
  const dir = join(workspace, ".durable", "threads", thread);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => /^journal-\d+\.ndjson$/.test(f)).sort();
  const records = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        // a record being written
      }
    }
  }
  return records;
}

function storeStep(workspace, thread) {
  try {
    return JSON.parse(readFileSync(join(workspace, ".durable", "threads", thread, "meta.json"), "utf8"));
  } catch {
    return undefined;
  }
}

/** What the UI shows of the thread now (one evaluation each in the workbench and the panel). */
async function sampleUi(page) {
  const workbench = await page.evaluate((thread) => {
    const status = [...document.querySelectorAll(".part.statusbar .statusbar-item")].map((e) => e.textContent?.trim() ?? "").find((t) => t.includes(thread)) ?? null;
    const row = [...document.querySelectorAll('[id="workbench.view.extension.durableGraphs"] .monaco-list-row')].map((e) => e.getAttribute("aria-label") ?? e.textContent ?? "").find((t) => t.startsWith(`thread ${thread},`) || t.includes(thread)) ?? null;
    return { status, row };
  }, THREAD);
  const panel = await panelFrame(page)
    .locator("body")
    .evaluate(() => {
      const status = document.querySelector(".run-header .status")?.textContent ?? null;
      const steps = document.querySelectorAll(".run-header .facts dd")[1]?.textContent ?? "";
      const m = /^(\d+)/.exec(steps);
      return { status, step: m ? Number(m[1]) : null, rows: document.querySelectorAll(".cell").length, nodes: document.querySelectorAll("*").length };
    }, null, { timeout: 20_000 })
    .catch(() => null);
  return { ...workbench, panel };
}

/** Opens Cancel Run from the palette; ms from picking the command to its picker showing the running thread. */
async function timeCancelPicker(page, timeoutMs = 120_000) {
  const entry = await openPaletteEntry(page, "Durable Graphs: Cancel Run", { timeout: 120_000 });
  const start = now();
  await entry.click();
  let shown;
  try {
    await page.waitForFunction(
      (thread) => {
        const w = document.querySelector(".quick-input-widget");
        if (!w || getComputedStyle(w).display === "none") return false;
        if ((w.querySelector(".quick-input-title")?.textContent ?? "").trim() !== "Cancel Run") return false;
        return [...w.querySelectorAll(".monaco-list-row .label-name")].some((e) => e.textContent?.trim() === thread);
      },
      THREAD,
      { timeout: timeoutMs, polling: "raf" },
    );
    shown = now() - start;
  } catch {
    shown = null;
  }
  const rows = await page.evaluate(() => [...document.querySelectorAll(".quick-input-widget .monaco-list-row")].map((e) => e.textContent?.trim() ?? "")).catch(() => []);
  await closeQuickInput(page, { timeout: 120_000 }).catch(() => undefined);
  return { ms: shown, rows };
}

/** Reads the activation time the extension logs to its output channel (the log file VS Code keeps of it). */
function ownActivationLog(profileDir) {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Durable Graphs\.log$/.test(e.name)) found.push(p);
    }
  };
  try {
    walk(profileDir);
  } catch {
    return null;
  }
  for (const f of found) {
    const line = readFileSync(f, "utf8").split("\n").find((l) => /activated in/.test(l));
    if (!line) continue;
    const num = (re) => (re.exec(line) ? Number(re.exec(line)[1]) : null);
    return { line: line.replace(/^\S+ \S+ \[\w+\] /, ""), ownMs: num(/activated in ([\d.]+) ms/), moduleMs: num(/loading its module ([\d.]+) ms/), activateMs: num(/activate\(\) ([\d.]+) ms/), editorGapMs: num(/the editor took ([\d.]+) ms/) };
  }
  return null;
}

/** The host's own figure: Developer: Show Running Extensions, the row of Durable Graphs. */
async function hostActivation(page) {
  try {
    await runCommand(page, "Developer: Show Running Extensions");
    // A development extension is listed by its id, an installed one by its name.
    const row = page.locator(".part.editor .monaco-list-row", { hasText: /Durable Graphs|durable-graphs\.durable-graphs/ }).first();
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    await runCommand(page, "View: Close All Editors");
    const m = /([\d.]+)\s*ms/.exec(text);
    return { ms: m ? Number(m[1]) : null, text: text.replace(/\s+/g, " ").slice(0, 200) };
  } catch (error) {
    return { ms: null, text: `unreadable: ${error.message.split("\n")[0]}` };
  }
}

/**
 * Watches, in the page itself (once a frame), when the status bar and the Threads view first say the
 * run ended: exact times, not limited by how often the benchmark can ask.
 */
function installWorkbenchWatch(thread) {
  const seen = (window.__dgWatch = { statusBar: null, tree: null });
  let shown = false;
  const frame = () => {
    const now = Date.now();
    const item = [...document.querySelectorAll(".part.statusbar .statusbar-item")].map((e) => e.textContent ?? "").find((t) => t.includes(thread));
    shown ||= item !== undefined;
    // The run's end: the item says how it ended, or (as before it did) it is gone.
    if (seen.statusBar === null && shown && (item === undefined || /completed|failed|cancelled/.test(item))) seen.statusBar = now;
    const row = [...document.querySelectorAll('[id="workbench.view.extension.durableGraphs"] .monaco-list-row')].map((e) => e.getAttribute("aria-label") ?? "").find((t) => t.startsWith(`thread ${thread},`));
    if (seen.tree === null && row && /^thread [^,]+, completed/.test(row)) seen.tree = now;
    if (seen.statusBar === null || seen.tree === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** In the panel: each change of the step or status its header shows, with when (once a frame). */
function installPanelWatch() {
  const changes = (window.__dgWatch = []);
  let last = "";
  const frame = () => {
    const status = document.querySelector(".run-header .status")?.textContent ?? "";
    const steps = document.querySelectorAll(".run-header .facts dd")[1]?.textContent ?? "";
    const step = Number(/^(\d+)/.exec(steps)?.[1] ?? NaN);
    const now = `${status} ${step}`;
    if (now !== last) {
      last = now;
      changes.push({ t: Date.now(), status, step });
    }
    if (status !== "completed") requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * Closes every editor, opens `thread`'s run panel from the palette and times, from the pick, the
 * webview's own frame, its script (the loading placeholder gone) and its first cell, watched inside
 * that frame as soon as it exists (no polling back-off). On the way, finer figures of what the editor
 * does before the frame: its webview element (the outer iframe) added to the page, that iframe's page
 * (VS Code's `pre/index.html`) loaded, and the service worker that page registers (each webview has one
 * of its own in VS Code 1.99–1.100, microsoft/vscode#245756): when it took control and when it was
 * activated, the moment the editor lets the webview's content load.
 */
async function openTimed(page, thread) {
  await runCommand(page, "View: Close All Editors", { timeout: 120_000 });
  await runCommand(page, "Durable Graphs: Open Run Panel", { expect: { title: "Open Run Panel", placeholder: "Pick a thread", items: true }, timeout: 120_000 });
  await page.locator(".quick-input-widget input").fill(thread);
  const row = page.locator(".quick-input-widget .monaco-list-row", { has: page.locator(".label-name", { hasText: thread }) }).first();
  await row.waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    const seen = (window.__dgWebview = { added: null, longTasks: [] });
    // The workbench's main thread (webviews of its origin share it): what kept it busy meanwhile.
    const busy = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) seen.longTasks.push({ at: Math.round(performance.timeOrigin + e.startTime), ms: Math.round(e.duration), in: e.attribution?.[0]?.containerSrc?.replace(/^.*\/pre\//, "webview ").replace(/\?.*/, "") || e.name });
    });
    busy.observe({ type: "longtask" });
    seen.stop = () => busy.disconnect();
    const watch = new MutationObserver((changes) => {
      for (const c of changes) for (const n of c.addedNodes) if (n.nodeName === "IFRAME" && n.classList.contains("webview")) seen.added ??= Date.now();
      if (seen.added) watch.disconnect();
    });
    watch.observe(document.body, { subtree: true, childList: true });
  });
  let outer = null;
  const outerSeen = (frame) => {
    if (outer || !/\/pre\/index(-no-csp)?\.html/.test(frame.url())) return;
    outer = { at: now(), sw: null };
    // In the outer frame, as soon as it exists: its service worker's state changes.
    outer.sw = frame
      .evaluate(async () => {
        const log = { controllerchange: null, activated: null };
        const id = new URLSearchParams(location.search).get("id");
        const ours = () => navigator.serviceWorker.controller?.scriptURL.includes(`id=${id}`);
        const wait = (ms, on) => new Promise((r) => (on(r), setTimeout(r, ms)));
        if (!ours()) await wait(60_000, (r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
        log.controllerchange = Date.now();
        const c = navigator.serviceWorker.controller;
        if (c && c.state !== "activated") await wait(60_000, (r) => c.addEventListener("statechange", () => c.state === "activated" && r()));
        log.activated = Date.now();
        // The outer page's own load, as the browser timed it (epoch ms): the request went through the
        // previous webview's worker (its scope) before the network.
        const nav = performance.getEntriesByType("navigation")[0];
        const at = (t) => (t ? Math.round(performance.timeOrigin + t) : null);
        log.page = nav && { workerStart: at(nav.workerStart), responseStart: at(nav.responseStart), responseEnd: at(nav.responseEnd), domInteractive: at(nav.domInteractive) };
        return log;
      })
      .catch(() => null);
  };
  page.on("framenavigated", outerSeen);
  const inner = new Promise((resolve) => {
    const seen = (frame) => {
      if (!/fake\.html/.test(frame.url())) return;
      page.off("framenavigated", seen);
      resolve({ frame, at: now() });
    };
    page.on("framenavigated", seen);
  });
  // The disk's backlog meanwhile (Linux): data written but not yet on disk, and being written. The
  // editor's own storage syncs its files; on a busy disk those syncs wait for this backlog.
  const disk = [];
  const diskNow = () => {
    try {
      const m = readFileSync("/proc/meminfo", "utf8");
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(m)?.[1] ?? NaN);
      // The busiest disk's time spent on I/O so far (ms; the rise between samples is how busy it was).
      const busyMs = Math.max(0, ...readFileSync("/proc/diskstats", "utf8").split("\n").map((l) => Number(l.trim().split(/\s+/)[12] ?? 0)).filter(Number.isFinite));
      disk.push([now(), kb("Dirty"), kb("Writeback"), busyMs]);
    } catch {
      // not Linux
    }
  };
  const diskTimer = setInterval(diskNow, 100);
  const writersBefore = writtenByProcess();
  const openStart = now();
  diskNow();
  await row.click();
  const { frame: webview, at: frameAt } = await Promise.race([inner, sleep(120_000).then(() => ({}))]);
  page.off("framenavigated", outerSeen);
  let scriptAt = null;
  let first = null;
  if (webview) {
    // Checked in the frame at every animation frame, the time taken there: no polling back-off, no
    // protocol round trip in the figure. A cell counts once the frame shows it (visible, as before).
    const inFrame = (check) => webview.waitForFunction(check, null, { polling: "raf", timeout: 120_000 }).then((h) => h.jsonValue()).then((t) => t - openStart, () => null);
    scriptAt = await inFrame(() => document.querySelector("main#app:not([aria-busy])") && Date.now());
    first = await inFrame(() => {
      const cell = document.querySelector(".node-cell");
      return cell && cell.checkVisibility({ visibilityProperty: true }) && cell.getBoundingClientRect().height > 0 && Date.now();
    });
  }
  clearInterval(diskTimer);
  const writersAfter = writtenByProcess();
  const since = (t) => (t ? t - openStart : null);
  const { added, longTasks } = await page.evaluate(() => (window.__dgWebview.stop(), window.__dgWebview)).catch(() => ({ added: null, longTasks: [] }));
  const sw = outer ? await outer.sw : null;
  return {
    webviewFrameMs: frameAt ? frameAt - openStart : null,
    scriptRanMs: scriptAt,
    firstCellMs: first,
    editor: {
      webviewElementMs: since(added),
      outerPageMs: since(outer?.at),
      outerPage: sw?.page && Object.fromEntries(Object.entries(sw.page).map(([k, v]) => [`${k}Ms`, since(v)])),
      serviceWorkerControlMs: since(sw?.controllerchange),
      serviceWorkerActivatedMs: since(sw?.activated),
    },
    // Every 100 ms from the pick: [ms, dirty kB, under writeback kB, ms the disk was busy since the last sample].
    diskBacklog: disk.map(([t, dirty, wb, busy], i) => [t - openStart, dirty, wb, i ? busy - disk[i - 1][3] : 0]),
    // The processes that wrote most meanwhile (kB that reached the block layer, Linux /proc/<pid>/io).
    topWriters: [...writersAfter]
      .map(([pid, { name, bytes }]) => ({ pid, name, kB: Math.round((bytes - (writersBefore.get(pid)?.bytes ?? 0)) / 1024) }))
      .filter((w) => w.kB > 0)
      .sort((a, b) => b.kB - a.kB)
      .slice(0, 5),
    // Tasks over 50 ms on the workbench's main thread from the pick to the first cell.
    longTasks: longTasks.filter((t) => t.at >= openStart && (!first || t.at <= openStart + first)).map((t) => ({ ...t, at: t.at - openStart })),
  };
}

/** Bytes each process has caused to be written to storage (Linux), by pid, with its command name. */
function writtenByProcess() {
  const out = new Map();
  let pids = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const bytes = Number(/^write_bytes:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);
      const name = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(0, 3).map((a) => a.split("/").pop()).join(" ").slice(0, 80);
      out.set(pid, { name, bytes });
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

async function scrollBench(page) {
  const frame = panelFrame(page);
  // Top to bottom, a fixed distance per frame, as a fast drag of the scroll bar would: counts the frames
  // the panel actually drew while doing it.
  return frame.locator("body").evaluate(async () => {
    const scroller = document.querySelector(".cell-scroller") ?? document.scrollingElement;
    scroller.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const total = scroller.scrollHeight - scroller.clientHeight;
    const perFrame = Math.max(200, total / 240);
    const gaps = [];
    const start = performance.now();
    let last = start;
    let frames = 0;
    await new Promise((done) => {
      const step = (t) => {
        frames++;
        gaps.push(t - last);
        last = t;
        if (scroller.scrollTop >= scroller.scrollHeight - scroller.clientHeight - 1) return done();
        scroller.scrollTop += perFrame;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    const ms = performance.now() - start;
    gaps.sort((a, b) => a - b);
    return { px: total, frames, ms: Math.round(ms), fps: Math.round((frames / ms) * 10000) / 10, worstFrameMs: Math.round(gaps.at(-1)), domNodes: document.querySelectorAll("*").length };
  });
}

async function wheelBench(page) {
  const frame = panelFrame(page);
  const box = await page.locator("iframe.webview.ready:visible").boundingBox();
  await frame.locator("body").evaluate(() => {
    const s = document.querySelector(".cell-scroller") ?? document.scrollingElement;
    s.scrollTop = 0;
  });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.75);
  const start = now();
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 100);
  // Settled when the position has not moved for two frames and the panel answers.
  await frame.locator("body").evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const ms = now() - start;
  const top = await frame.locator("body").evaluate(() => (document.querySelector(".cell-scroller") ?? document.scrollingElement).scrollTop);
  return { ms, scrolledPx: top };
}

const results = { label, machine: `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GB, shared with other work`, at: new Date().toISOString(), targets: [], details: {} };
const target = (name, measured, unit, limit, met, note = "") => {
  results.targets.push({ name, measured, unit, limit, met, note });
  log(`${met ? "MET   " : "MISSED"} ${name}: ${measured === null ? "never" : measured}${unit ? ` ${unit}` : ""} (target ${limit})${note ? ` — ${note}` : ""}`);
};

async function main() {
  const workspace = mkdtempSync(join(tmpdir(), "dg-bench-editor-"));
  cpSync(join(root, "bench", "editor", "fast.graph.ts"), join(workspace, "fast.graph.ts"));
  cpSync(join(root, "bench", "editor", "many.graph.ts"), join(workspace, "many.graph.ts"));
  log(`workspace ${workspace}; making the 10,000-step thread with the CLI`);
  cli(workspace, ["run", "many.graph.ts", "--thread", LONG, "--step-limit", "20000"]);
  const wb = await startWorkbench({ extensionDir: root, workspace, viewport: { width: 1400, height: 900 }, settings: { "workbench.colorTheme": "Default Dark Modern" } });
  const { page } = wb;
  try {
    await openView(page, "Durable Graphs");
    await page.locator(`[id="workbench.view.extension.${CONTAINER}"] .monaco-list-row`).first().waitFor({ timeout: 60_000 });

    // Activation.
    const own = ownActivationLog(wb.profileDir);
    const host = await hostActivation(page);
    results.details.activation = { ownLogMs: own, host };
    if (own?.ownMs != null) {
      target("extension's own activation (its module's loading + activate())", own.ownMs, "ms", "≤ 50 ms", own.ownMs <= 50, own.line);
      const span = own.ownMs + (own.editorGapMs ?? 0);
      target("module start → end of activate() (includes the editor preparing the extension's context in between)", Math.round(span * 10) / 10, "ms", "≤ 50 ms", span <= 50, `host's Running Extensions: ${host.text}`);
    } else target("extension activation (host's Running Extensions; the extension logs no figure)", host.ms, "ms", "≤ 50 ms", host.ms !== null && host.ms <= 50, host.text);

    // The fast run, from the palette; then its panel from the palette.
    log("Run Graph fast.graph.ts");
    await runCommand(page, "Durable Graphs: Run Graph", { expect: { title: "Run Graph", placeholder: "Pick a graph file", items: true } });
    await pickItem(page, { title: "Run Graph", placeholder: "Pick a graph file" }, "fast.graph.ts", { next: { title: "Run Graph", message: /^Thread id/ } });
    await answerInput(page, { title: "Run Graph", message: /^Thread id/ }, THREAD, { next: { title: "Run Graph", message: /^Input/ } });
    await answerInput(page, { title: "Run Graph", message: /^Input/ }, undefined);
    const runStart = now();
    while (!storeStep(workspace, THREAD)) await sleep(50);
    log("Open Run Panel");
    await runCommand(page, "Durable Graphs: Open Run Panel", { expect: { title: "Open Run Panel", placeholder: "Pick a thread", items: true }, timeout: 120_000 });
    await pickItem(page, { title: "Open Run Panel", placeholder: "Pick a thread" }, THREAD, { timeout: 120_000 });
    const panelOpenedAt = now();
    const firstCell = await panelFrame(page).locator(".node-cell").first().waitFor({ timeout: 120_000 }).then(() => now() - panelOpenedAt, () => null);
    results.details.midRunPanelFirstCellMs = firstCell;
    const graphShown = await panelFrame(page).locator(".diagram g.node").first().waitFor({ timeout: 30_000 }).then(() => now() - panelOpenedAt, () => null);
    results.details.midRunDiagramMs = graphShown;
    const midRun = await panelFrame(page).locator("body").evaluate(() => [...document.querySelectorAll(".node-cell .prompt")].map((e) => e.textContent).slice(0, 3)).catch(() => []);
    results.details.midRunFirstPrompts = midRun;
    log(`panel open mid-run: first cell after ${firstCell} ms, diagram after ${graphShown} ms, top rows ${midRun.join(" ")}`);
    await screenshot(page, `bench-editor-${label}-midrun`).catch(() => undefined);
    await page.evaluate(installWorkbenchWatch, THREAD);
    await panelFrame(page).locator("body").evaluate(installPanelWatch);

    // Sample while it runs; Cancel Run's picker at about 25/50/75 % (by the store's step).
    const samples = [];
    const cancels = [];
    const cancelAt = [750, 1500, 2250];
    let ended;
    while (!ended) {
      const meta = storeStep(workspace, THREAD);
      if (meta?.status && meta.status !== "running") break;
      if (cancelAt.length && (meta?.step ?? 0) >= cancelAt[0]) {
        const at = cancelAt.shift();
        const c = await timeCancelPicker(page);
        cancels.push({ atStep: at, storeStepWhenAsked: meta?.step, ...c });
        log(`Cancel Run picker at step ~${at}: ${c.ms === null ? "never shown" : `${c.ms} ms`}; offered ${JSON.stringify(c.rows)}`);
        continue;
      }
      const t0 = now();
      const ui = await sampleUi(page);
      samples.push({ t0, t: now(), ...ui });
      await sleep(150);
      if (now() - runStart > 600_000) break;
    }
    log(`store finished (${storeStep(workspace, THREAD)?.status}); ${samples.length} samples taken`);

    // Final status: when each surface says so, from the runner's end record.
    const records = journal(workspace, THREAD);
    const end = records.find((r) => r.type === "end");
    const commitAt = new Map(records.filter((r) => r.type === "checkpoint").map((r) => [r.step, r.at]));
    const endAt = end?.at ?? now();
    const seen = { tree: null, statusBar: null, panel: null };
    const waitStart = now();
    while (Object.values(seen).some((v) => v === null) && now() - waitStart < FINAL_WAIT_MS) {
      const ui = await sampleUi(page);
      const t = now();
      if (seen.tree === null && ui.row && /completed/.test(ui.row)) seen.tree = t - endAt;
      if (seen.statusBar === null && (!ui.status || /completed|\$\(check\)|✓/.test(ui.status) || !/step/.test(ui.status))) seen.statusBar = t - endAt;
      if (seen.panel === null && ui.panel?.status === "completed") seen.panel = t - endAt;
      samples.push({ t0: t, t, ...ui });
      await sleep(50);
    }
    results.details.finalStatus = seen;
    await screenshot(page, `bench-editor-${label}-finished`).catch(() => undefined);
    const cellsShown = await panelFrame(page).locator("body").evaluate(() => document.querySelectorAll(".cell").length).catch(() => null);
    results.details.finishedPanelRowsInDom = cellsShown;

    // Lag of the panel behind the store: the panel's own record of what its header showed when. Just
    // before each change (and at the end) it lagged by the time since the step after the one it showed
    // had been committed.
    const watched = await panelFrame(page).locator("body").evaluate(() => window.__dgWatch ?? []).catch(() => []);
    const inPage = await page.evaluate(() => window.__dgWatch ?? null).catch(() => null);
    if (inPage?.tree) seen.tree = inPage.tree - endAt;
    if (inPage?.statusBar) seen.statusBar = inPage.statusBar - endAt;
    const panelEnd = watched.find((c) => c.status === "completed");
    if (panelEnd) seen.panel = panelEnd.t - endAt;
    results.details.finalStatus = { ...seen, how: "first frame showing it, watched in the page" };
    const lags = [];
    const barLags = [];
    const lagOf = (shown, t) => {
      if (shown === null || shown === undefined || !Number.isFinite(shown)) return null;
      const next = commitAt.get(shown + 1);
      return next !== undefined && next < t ? t - next : 0;
    };
    for (let i = 1; i < watched.length; i++) {
      const l = lagOf(watched[i - 1].step, watched[i].t);
      if (l !== null) lags.push(l);
    }
    results.details.panelChanges = watched.length;
    for (const s of samples) {
      if (s.t > endAt) continue;
      const barStep = s.status ? Number(/step (\d+)/.exec(s.status)?.[1]) : NaN;
      const b = Number.isFinite(barStep) ? lagOf(barStep - 1, s.t) : null; // the bar names the step running (committed = step - 1)
      if (b !== null) barLags.push(b);
    }
    const pct = (a, p) => (a.length ? [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))] : null);
    results.details.panelLagMs = { samples: lags.length, median: pct(lags, 0.5), p95: pct(lags, 0.95), max: lags.length ? Math.max(...lags) : null };
    results.details.statusBarLagMs = { samples: barLags.length, median: pct(barLags, 0.5), p95: pct(barLags, 0.95), max: barLags.length ? Math.max(...barLags) : null };
    results.details.cancelPicker = cancels;
    results.details.run = { steps: end?.step ?? null, runnerMs: end ? end.at - (records.find((r) => r.type === "run")?.at ?? end.at) : null };
    results.details.samples = samples.filter((_, i) => i % 5 === 0).map((s) => ({ dt: s.t - runStart, status: s.status, row: s.row, panel: s.panel }));

    target("view shows the final status after the runner finished", seen.tree, "ms", "≤ 1000 ms", seen.tree !== null && seen.tree <= 1000);
    target("status bar shows the final status after the runner finished", seen.statusBar, "ms", "≤ 1000 ms", seen.statusBar !== null && seen.statusBar <= 1000);
    target("panel shows the final status after the runner finished", seen.panel, "ms", "≤ 1000 ms", seen.panel !== null && seen.panel <= 1000);
    const worstCancel = cancels.length === 0 ? null : cancels.some((c) => c.ms === null) ? null : Math.max(...cancels.map((c) => c.ms));
    const staleOffered = cancels.some((c) => c.rows.some((r) => !r.includes(THREAD)));
    target("Cancel Run's picker appears during the run (worst of 3)", worstCancel, "ms", "≤ 1000 ms", worstCancel !== null && worstCancel <= 1000, `${cancels.map((c) => c.ms ?? "never").join(" / ")} ms${staleOffered ? "; offered a thread not running" : ""}`);
    const lagMax = results.details.panelLagMs.max;
    target("panel lags the store during the run (worst moment, until it shows the end)", lagMax, "ms", "≤ 500 ms", lagMax !== null && lagMax <= 500, `median ${results.details.panelLagMs.median} ms, p95 ${results.details.panelLagMs.p95} ms over ${lags.length} header changes, watched in the panel each frame`);

    // The finished 10,000-step thread (a Cancel Run picker that showed late is closed first).
    for (let i = 0; i < 5 && (await page.locator(".quick-input-widget").isVisible()); i++) await closeQuickInput(page, { timeout: 120_000 }).catch(() => undefined);
    const settle = Number(option("settle-ms", 0));
    if (settle) await sleep(settle); // an experiment: does the editor need a moment after the run?
    const longOpen = await openTimed(page, LONG);
    const longFirst = longOpen.firstCellMs;
    results.details.longOpen = longOpen;
    log(`10,000-step panel: ${JSON.stringify(longOpen)}`);
    const e = longOpen.editor ?? {};
    const part = (a, b) => (a != null && b != null ? `${b - a} ms` : "?");
    target(
      "finished 10,000-step thread: panel shows its cells",
      longFirst,
      "ms",
      "≤ 1000 ms",
      longFirst !== null && longFirst <= 1000,
      `pick → webview frame ${longOpen.webviewFrameMs} ms (the editor's: its webview's service worker in control at ${e.serviceWorkerControlMs} ms, activated at ${e.serviceWorkerActivatedMs} ms), frame → script ${part(longOpen.webviewFrameMs, longOpen.scriptRanMs)}, script → first cell ${part(longOpen.scriptRanMs, longFirst)}`,
    );
    await panelFrame(page).locator(".run-header .status", { hasText: "completed" }).waitFor({ timeout: 60_000 }).catch(() => undefined);
    await sleep(500);
    const wheel = await wheelBench(page).catch((e) => ({ error: e.message }));
    results.details.wheel20 = wheel;
    log(`20 wheel ticks: ${JSON.stringify(wheel)}`);
    const scroll = await scrollBench(page).catch((e) => ({ error: e.message, fps: null }));
    results.details.scroll = scroll;
    target("finished 10,000-step thread: scroll top to bottom", scroll.fps ?? null, "frames/s", "≥ 30 frames/s", (scroll.fps ?? 0) >= 30, `${scroll.frames} frames in ${scroll.ms} ms over ${scroll.px} px, worst frame ${scroll.worstFrameMs} ms, ${scroll.domNodes} DOM nodes`);
    await screenshot(page, `bench-editor-${label}-long`).catch(() => undefined);
    // Once more, for how much of the first open was the moment (the editor just after the fast run).
    results.details.longOpenAgain = await openTimed(page, LONG).catch((e) => ({ error: e.message }));
    log(`10,000-step panel, opened again: ${JSON.stringify(results.details.longOpenAgain)}`);
    const again = results.details.longOpenAgain;
    const longTarget = results.targets.find((t) => t.name === "finished 10,000-step thread: panel shows its cells");
    if (longTarget && again?.firstCellMs != null) longTarget.note += `; opened again: ${again.firstCellMs} ms (pick → frame ${again.webviewFrameMs} ms)`;
  } finally {
    await wb.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

function markdown() {
  const lines = [
    `### Editor (issue 9) — ${results.label}, ${results.at}`,
    "",
    `Machine: ${results.machine}. Real VS Code (code-server 4.100.3 + Debian chromium, headless), \`npm run bench:editor\`.`,
    "",
    "| target | measured | limit | met |",
    "|---|---|---|---|",
    ...results.targets.map((t) => `| ${t.name} | ${t.measured === null ? "never (timed out)" : `${t.measured} ${t.unit}`}${t.note ? ` — ${t.note}` : ""} | ${t.limit} | ${t.met ? "met" : "missed"} |`),
    "",
  ];
  return lines.join("\n");
}

try {
  await main();
} catch (error) {
  results.error = String(error?.stack ?? error);
  console.error(error);
  process.exitCode = 1;
} finally {
  writeFileSync(`${out}.json`, JSON.stringify(results, null, 2) + "\n");
  writeFileSync(`${out}.md`, markdown());
  log(`wrote ${out}.json and ${out}.md`);
}
