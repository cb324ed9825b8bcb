// Playwright helpers for UI end-to-end tests against a real VS Code workbench (code-server + Debian
// chromium). The selectors are VS Code's own DOM, checked against code-server 4.100.3 (VS Code 1.100.3).
//
//   const wb = await startWorkbench({ extensionVsix: 'durable-graphs.vsix', workspace: dir });
//   try {
//     await runCommand(wb.page, 'Durable Graphs: Run Graph');
//     await openView(wb.page, 'Durable Graphs');
//     const rows = await treeRows(wb.page, 'durableGraphs', { waitForText: 'completed' });
//   } finally { await wb.stop(); }
import path from 'node:path';
import { launchChromium } from '../lib/chromium.mjs';
import { installExtension, startCodeServer } from '../lib/codeServer.mjs';
import { screenshotsDir } from '../lib/paths.mjs';
import { createProfile, RESTRICTED_MODE_SETTINGS } from '../lib/profile.mjs';
import { workbenchUrl } from '../lib/workbenchUrl.mjs';

const UI_TIMEOUT_MS = 15_000;
const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Starts an isolated code-server with the extension and opens the workbench on `workspace` in headless
 * chromium. Give exactly one of `extensionVsix` (installed with `code-server --install-extension`, as
 * a user would) or `extensionDir` (an unpacked extension loaded as an extension under development).
 * @param {{extensionVsix?: string, extensionDir?: string, workspace?: string, restricted?: boolean,
 *   settings?: Record<string, unknown>, viewport?: {width: number, height: number}, verbose?: boolean}} options
 *   workspace defaults to an empty temp folder; restricted opens it in Restricted Mode (workspace trust
 *   on, no prompt); settings are merged over the harness's user settings.
 * @returns {Promise<{page: import('playwright-core').Page, context: import('playwright-core').BrowserContext,
 *   url: string, workspace: string, profileDir: string, serverOutput(): string, stop(): Promise<void>}>}
 */
export async function startWorkbench({ extensionVsix, extensionDir, workspace, restricted = false, settings, viewport, verbose = false } = {}) {
  if (Boolean(extensionVsix) === Boolean(extensionDir)) throw new Error('startWorkbench: give exactly one of extensionVsix or extensionDir');
  const profile = createProfile({ settings: { ...(restricted ? RESTRICTED_MODE_SETTINGS : {}), ...settings } });
  let server;
  let browser;
  const stop = async () => {
    await browser?.context.close().catch(() => {});
    await server?.stop();
    profile.dispose();
  };
  try {
    if (extensionVsix) await installExtension(profile, path.resolve(extensionVsix));
    server = await startCodeServer(profile, { workspaceTrust: restricted, onOutput: verbose ? (line) => console.log(`[code-server] ${line}`) : undefined });
    browser = await launchChromium(profile, viewport ? { viewport } : {});
    const { page, context } = browser;
    if (verbose) page.on('pageerror', (e) => console.log(`[browser:pageerror] ${e.message}`));
    const folder = path.resolve(workspace ?? profile.emptyWorkspace);
    const url = workbenchUrl(server, { folder, extensionDevelopmentPath: extensionDir && path.resolve(extensionDir) });
    await page.goto(url);
    await waitForWorkbench(page);
    return { page, context, url, workspace: folder, profileDir: profile.root, serverOutput: () => server.output(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: STARTUP_TIMEOUT_MS });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: STARTUP_TIMEOUT_MS });
}

/**
 * Runs a command by its palette title ("Category: Title"), as a user would: F1, type, pick the entry.
 * The palette lists the commands known when it opens, and an extension's contributions arrive only
 * once its extension host has started, so an early palette is closed and opened again until the entry
 * shows up.
 */
export async function runCommand(page, title, { timeout = UI_TIMEOUT_MS * 2 } = {}) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  const row = widget.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    // focus the workbench, not a webview iframe, so that F1 reaches it
    await page.locator('.monaco-workbench .part.statusbar').click({ position: { x: 1, y: 1 } }).catch(() => {});
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(`>${title}`);
    const left = deadline - Date.now();
    try {
      await row.waitFor({ timeout: Math.max(1, Math.min(3000, left)) });
      break;
    } catch (error) {
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
      if (Date.now() >= deadline) throw new Error(`runCommand: no palette entry "${title}" within ${timeout} ms`, { cause: error });
    }
  }
  await row.click();
  await widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** Opens a view container by the title of its activity-bar entry (package.json viewsContainers title). */
export async function openView(page, containerLabel) {
  const entry = page.locator(`.part.activitybar a.action-label[aria-label^="${cssString(containerLabel)}"]`).first();
  await entry.waitFor({ timeout: UI_TIMEOUT_MS });
  // clicking the container that is already open would close the side bar
  const tab = entry.locator('xpath=ancestor::li[1]');
  const title = page.locator('.part.sidebar .composite.title', { hasText: containerLabel }).first();
  // Selected but with the side bar hidden (as after some reloads) also needs a click to show it.
  // The side bar can be hidden while its entry still counts as selected (after some reloads), and a
  // click may land while the workbench is still restoring it: click until the view's title shows.
  for (let attempt = 0; ; attempt++) {
    if ((await tab.getAttribute('aria-selected')) !== 'true' || !(await title.isVisible())) await entry.click();
    try {
      await title.waitFor({ timeout: attempt < 2 ? 5_000 : UI_TIMEOUT_MS });
      return;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

/**
 * The visible rows of the tree views in a view container, by its id (package.json viewsContainers id),
 * in screen order. With `waitForText`, first waits until a row containing that text is shown.
 * @returns {Promise<string[]>}
 */
export async function treeRows(page, containerId, { waitForText, timeout = UI_TIMEOUT_MS } = {}) {
  const rows = page.locator(`[id="workbench.view.extension.${cssString(containerId)}"] .monaco-list-row`);
  if (waitForText !== undefined) await rows.filter({ hasText: waitForText }).first().waitFor({ timeout });
  return (await rows.allInnerTexts()).map((text) => text.trim());
}

/**
 * The messages of the notification toasts on screen. With `waitForText`, first waits for a toast
 * containing that text.
 * @returns {Promise<string[]>}
 */
export async function notifications(page, { waitForText, timeout = UI_TIMEOUT_MS } = {}) {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if (waitForText !== undefined) await toasts.filter({ hasText: waitForText }).first().waitFor({ timeout });
  return (await toasts.locator('.notification-list-item-message').allInnerTexts()).map((text) => text.trim());
}

/**
 * "Developer: Reload Window": a new page load and a new extension host process. Resolves when the
 * workbench is drawn again; wait for your extension's own UI to know it has activated.
 */
export async function reloadWindow(page) {
  await page.reload();
  await waitForWorkbench(page);
}

/** Saves a PNG of the page into .artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`screenshot: not a safe file name: ${name}`);
  const file = path.join(screenshotsDir(), name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

const cssString = (s) => String(s).replace(/["\\]/g, '\\$&');

