// UI smoke test of test/vscode/e2e/workbench.mjs against the sample extension: palette, notification,
// view container, tree, reload, screenshot. Run: node --test test/vscode/sample/workbench.smoke.test.mjs
// SAMPLE_VSIX=<packaged sample> installs it as a .vsix instead of loading the folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test as nodeTest } from 'node:test';
import { fileURLToPath } from 'node:url';
import { notifications, openView, reloadWindow, runCommand, screenshot, startWorkbench, treeRows, waitForContributions } from '../e2e/workbench.mjs';

const sampleDir = path.dirname(fileURLToPath(import.meta.url));
let workbench;
let workspace;

/** A test that leaves a screenshot of the workbench in .artifacts/screenshots/ when it fails. */
const test = (name, body) =>
  nodeTest(name, async () => {
    try {
      await body();
    } catch (error) {
      const file = await screenshot(workbench.page, 'harness-sample-failure').catch(() => undefined);
      if (file) console.log(`screenshot of the failure: ${file}`);
      throw error;
    }
  });

before(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-ws-'));
  fs.writeFileSync(path.join(workspace, 'marker.txt'), 'harness smoke test\n');
  const extension = process.env.SAMPLE_VSIX ? { extensionVsix: process.env.SAMPLE_VSIX } : { extensionDir: sampleDir };
  workbench = await startWorkbench({ ...extension, workspace });
});

after(async () => {
  await workbench?.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
});

test('a palette command runs in the extension host and shows a notification', async () => {
  // The palette lists an extension's commands once the workbench has its contributions.
  await waitForContributions(workbench.page, 'Harness Sample');
  await runCommand(workbench.page, 'Harness Sample: Hello');
  const messages = await notifications(workbench.page, { waitForText: 'Hello #1 from child-ok' });
  assert.ok(messages.some((m) => m.includes('Harness sample: Hello #1 from child-ok')), JSON.stringify(messages));
});

test('the view container shows the tree the command filled', async () => {
  await openView(workbench.page, 'Harness Sample');
  const rows = await treeRows(workbench.page, 'harnessSample', { waitForText: 'Hello #1' });
  assert.deepEqual(rows, [`Workspace: ${path.basename(workspace)}`, 'Hello #1 from child-ok']);
  assert.ok(fs.existsSync(await screenshot(workbench.page, 'harness-sample-tree')));
});

test('reloading the window starts a fresh extension host that fills the restored view again', async () => {
  await reloadWindow(workbench.page);
  await waitForContributions(workbench.page, 'Harness Sample');
  const rows = await treeRows(workbench.page, 'harnessSample', { waitForText: 'Workspace:' });
  assert.deepEqual(rows, [`Workspace: ${path.basename(workspace)}`]);
  await runCommand(workbench.page, 'Harness Sample: Hello');
  await treeRows(workbench.page, 'harnessSample', { waitForText: 'Hello #1 from child-ok' });
  await screenshot(workbench.page, 'harness-sample-after-reload');
});
