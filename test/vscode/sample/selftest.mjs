#!/usr/bin/env node
// The harness's own smoke test, on the sample extension beside this file:
//   1. runExtensionTests.mjs with a passing suite exits 0,
//   2. the same with a deliberately failing suite exits 1 (its output is only shown if that goes wrong),
//   3. --restricted opens the folder in Restricted Mode,
//   4. the workbench.mjs UI helpers drive palette, notification, tree view, reload and screenshot.
// Run: node test/vscode/sample/selftest.mjs
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sampleDir = path.dirname(fileURLToPath(import.meta.url));
const runner = path.join(sampleDir, '../runExtensionTests.mjs');

const run = (args, { quiet }) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d) => { output += d; });
    child.stderr?.on('data', (d) => { output += d; });
    child.on('exit', (code) => resolve({ code, output }));
  });

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-ws-'));
fs.writeFileSync(path.join(workspace, 'marker.txt'), 'harness smoke test\n');
const suite = (entry, ...extra) => [runner, '--workspace', workspace, '--extension', sampleDir, '--tests', path.join(sampleDir, 'suite/test', entry), '--timeout', '120000', ...extra];
const checks = [];
try {
  const pass = await run(suite('index.js'), { quiet: false });
  checks.push(['a passing extension suite exits 0', pass.code === 0]);

  const fail = await run(suite('failing.js'), { quiet: true });
  const failedAsExpected = fail.code === 1 && /1 failing/.test(fail.output);
  if (!failedAsExpected) console.log(fail.output);
  // an expected failure: drop the profile the runner keeps for inspection
  const kept = /kept for inspection[^:]*: (\S+)/.exec(fail.output)?.[1];
  if (kept?.startsWith(os.tmpdir())) fs.rmSync(kept, { recursive: true, force: true });
  checks.push(['a failing extension suite exits 1', failedAsExpected]);

  const restricted = await run(suite('restricted.js', '--restricted'), { quiet: false });
  checks.push(['--restricted opens the folder in Restricted Mode', restricted.code === 0]);

  const ui = await run(['--test', '--test-reporter=spec', path.join(sampleDir, 'workbench.smoke.test.mjs')], { quiet: false });
  checks.push(['the workbench UI helpers drive the sample', ui.code === 0]);
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
for (const [name, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} harness: ${name}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(`harness: ${checks.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
