// What the UI tests of Durable Graphs share: the packaged extension, the CLI that makes their threads,
// and a `test` that starts each test from a settled workbench and keeps a screenshot when it fails.
// Each test makes its own threads (ids of its own), opens its own view and panel: any one of them runs
// alone (`node --test --test-name-pattern=…`) or in any order.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { test as nodeTest } from "node:test";
import { fileURLToPath } from "node:url";
import { closeQuickInput, screenshot, waitForContributions } from "../vscode/e2e/workbench.mjs";

export const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..");
export const vsix = join(root, "durable-graphs.vsix");
/** The activity-bar entry and view container of the extension (package.json viewsContainers). */
export const CONTAINER_LABEL = "Durable Graphs";
export const CONTAINER = "durableGraphs";

/** Runs the CLI in `workspace`; resolves with spawnSync's result (status, signal, stdout, stderr). */
export function cli(workspace, args, env = {}) {
  return spawnSync(process.execPath, [join(root, "bin", "durable-graphs.js"), ...args], { cwd: workspace, env: { ...process.env, ...env }, encoding: "utf8" });
}

/**
 * `test(name, body)` for one e2e file: before the body, closes a quick input a failed test left open
 * and waits for the extension's contributions (after a reload they come back after the workbench);
 * when the body fails, saves a screenshot named after the file and the test's number.
 * @param {string} prefix screenshot name prefix
 * @param {() => {page: import('playwright-core').Page}} workbench the file's workbench (started in `before`)
 */
export function uiTest(prefix, workbench) {
  let count = 0;
  return (name, body) => {
    const n = ++count;
    return nodeTest(name, async () => {
      const { page } = workbench();
      try {
        await closeQuickInput(page);
        await waitForContributions(page, CONTAINER_LABEL);
        await body(page);
      } catch (error) {
        const file = await screenshot(page, `${prefix}-failure-${n}`).catch(() => undefined);
        if (file) console.log(`screenshot of the failure: ${file}`);
        throw error;
      }
    });
  };
}

/** A thread's row in the Threads view, by its id (the row's accessible label starts "thread <id>,"). */
export function threadRow(page, id) {
  return page.locator(`[id="workbench.view.extension.${CONTAINER}"] .monaco-list-row[aria-label^="thread ${id}, "]`).first();
}

/** The visible run panel's content (the webview's inner frame). */
export const panelFrame = (page) => page.frameLocator("iframe.webview.ready:visible").frameLocator("#active-frame");
