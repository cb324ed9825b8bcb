// Playwright helpers for UI end-to-end tests against a real VS Code workbench (code-server + Debian
// chromium). The selectors are VS Code's own DOM, checked against code-server 4.100.3 (VS Code 1.100.3).
//
//   const wb = await startWorkbench({ extensionVsix: 'durable-graphs.vsix', workspace: dir });
//   try {
//     await openView(wb.page, 'Durable Graphs');       // also waits for the extension's contributions
//     await runCommand(wb.page, 'Durable Graphs: Run Graph', { expect: { placeholder: 'Pick a graph file' } });
//     const rows = await treeRows(wb.page, 'durableGraphs', { waitForText: 'completed' });
//   } finally { await wb.stop(); }
import path from 'node:path';
import { launchChromium } from '../lib/chromium.mjs';
import { installExtension, startCodeServer } from '../lib/codeServer.mjs';
import { screenshotsDir } from '../lib/paths.mjs';
import { createProfile, RESTRICTED_MODE_SETTINGS } from '../lib/profile.mjs';
import { workbenchUrl } from '../lib/workbenchUrl.mjs';
import { openPaletteEntry, runCommand } from './quickInput.mjs';

export { answerInput, closeQuickInput, openPaletteEntry, pickItem, quickInputShown, runCommand, waitForQuickInput, waitForQuickInputClosed } from './quickInput.mjs';

const UI_TIMEOUT_MS = 30_000;
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
 * Waits until the workbench knows the extensions' contributions (commands, views, menus) and shows the
 * activity-bar entry of `containerLabel` (package.json viewsContainers title). Contributions arrive
 * after the workbench is drawn, and the palette lists only the commands known when it is typed in. The
 * entry alone proves nothing after a reload: the activity bar draws the entries it remembers before
 * the extensions are read. The workbench marks the moment they are: `code/didLoadExtensions`, a
 * performance mark of the page (a reload starts a new page, with no marks).
 */
export async function waitForContributions(page, containerLabel, { timeout = STARTUP_TIMEOUT_MS } = {}) {
  await page.waitForFunction(() => performance.getEntriesByName('code/didLoadExtensions', 'mark').length > 0, null, { timeout });
  await activityBarEntry(page, containerLabel).waitFor({ timeout });
}

/**
 * Opens a view container by the title of its activity-bar entry (package.json viewsContainers title),
 * with its "View: Show …" command: unlike a click on the entry, it never closes a side bar that is
 * already showing it (or being restored to show it after a reload).
 */
export async function openView(page, containerLabel, { timeout = UI_TIMEOUT_MS } = {}) {
  await waitForContributions(page, containerLabel);
  const title = page.locator('.part.sidebar .composite.title', { hasText: containerLabel }).first();
  if (await title.isVisible()) return;
  await runCommand(page, `View: Show ${containerLabel}`);
  await title.waitFor({ timeout });
}

const activityBarEntry = (page, label) => page.locator(`.part.activitybar a.action-label[aria-label^="${cssString(label)}"]`).first();

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
 * Reloads the window: a new page load and a new extension host process. Resolves when the workbench is
 * drawn again; wait for your extension's own UI to know it has activated.
 * - default: the page is reloaded (as the browser's reload button): the old extension host is cut off.
 * - `{ command: true }`: "Developer: Reload Window" from the palette, as a user runs it: the workbench
 *   shuts down in order first (webviews' saved state included) before the page loads again.
 */
export async function reloadWindow(page, { command = false } = {}) {
  if (command) {
    const entry = await openPaletteEntry(page, 'Developer: Reload Window');
    const loaded = page.waitForEvent('load', { timeout: STARTUP_TIMEOUT_MS });
    await entry.click();
    await loaded;
  } else {
    await page.reload();
  }
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

