// UI end-to-end: in a fresh workspace with no npm install, the example Create Example Graph writes
// opens with 0 problems in the Problems view — the packaged extension's TS server plugin gives it the
// SDK's and Node's types. A type error typed into it shows up there first, so the view is known to be
// current when it reads "No problems". Run: node --test test/e2e/graphTypes.e2e.test.mjs
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { openPaletteEntry, runCommand, screenshot, startWorkbench } from "../vscode/e2e/workbench.mjs";
import { uiTest, vsix } from "./support.mjs";

let workbench;
let workspace;
const test = uiTest("types", () => workbench);

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-types-"));
  // Typed text must reach the editor as typed: no suggestion may be accepted on the way.
  workbench = await startWorkbench({ extensionVsix: vsix, workspace, settings: { "editor.quickSuggestions": { other: false, comments: false, strings: false }, "editor.suggestOnTriggerCharacters": false } });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

const problemRows = (page) => page.locator(".markers-panel .monaco-list-row");

test("the example opens with 0 problems in a workspace without npm install; a type error typed into it is listed", async (page) => {
  await runCommand(page, "Durable Graphs: Create Example Graph");
  const editor = page.locator(".editor-instance .monaco-editor").first();
  await page.locator(".tab.active", { hasText: "durable.graph.ts" }).waitFor({ timeout: 30_000 });
  const entry = await openPaletteEntry(page, "View: Focus Problems (Errors, Warnings, Infos)");
  await entry.click();
  await page.locator(".markers-panel").waitFor({ timeout: 30_000 });

  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\nexport const wrong = State.shape.steps.nonsense;");
  await problemRows(page).filter({ hasText: "nonsense" }).waitFor({ timeout: 90_000 });
  console.log(`screenshot: ${await screenshot(page, "types-1-error-listed")}`);
  // The file's row and its one problem: the typed error, and not "Cannot find module" or "process".
  const rows = await problemRows(page).evaluateAll((elements) => elements.map((e) => e.getAttribute("aria-label") ?? ""));
  assert.equal(rows.length, 2, JSON.stringify(rows));
  assert.match(rows[1], /Property 'nonsense' does not exist on type 'ZodDefault<ZodArray<ZodString>>'/);

  // The editor still has the focus, its cursor on the typed line (a click would move it).
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Control+Shift+K"); // Delete Line: the file is as Create Example Graph wrote it
  await page.locator(".markers-panel", { hasText: "No problems have been detected in the workspace." }).waitFor({ timeout: 90_000 });
  assert.equal(await problemRows(page).count(), 0);
  console.log(`screenshot: ${await screenshot(page, "types-2-no-problems")}`);
});
