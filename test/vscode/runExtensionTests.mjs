#!/usr/bin/env node
// Runs an extension's test suite inside a real VS Code: code-server's Node extension host, with Debian's
// chromium as the window. The suite is a standard mocha `run()` entry, the same one @vscode/test-electron
// loads on a desktop; the extension is loaded from source (extensionDevelopmentPath), no .vsix.
// The workbench calls window.codeAutomationExit(code) when run() settles (0 resolved, 1 rejected) and
// forwards the extension host's console through window.codeAutomationLog.
//
// Usage: node test/vscode/runExtensionTests.mjs --tests <compiled index.js> [--workspace <dir>]
//          [--extension <dir, default: repo root>] [--restricted] [--timeout <ms, default 600000>] [--verbose]
// --restricted keeps workspace trust on, so the folder opens in Restricted Mode (no prompt).
// Environment variables reach the extension host (e.g. one that picks a suite inside run()).
// Exit code: 0 when the suite passed, 1 otherwise (failure, crash, timeout), 2 for bad arguments.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { launchChromium } from './lib/chromium.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { repoRoot, screenshotsDir } from './lib/paths.mjs';
import { createProfile, RESTRICTED_MODE_SETTINGS } from './lib/profile.mjs';
import { workbenchUrl } from './lib/workbenchUrl.mjs';

// The workbench's own chatter that reaches the extension-host log channel; --verbose keeps it.
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore|getaddrinfo ENOTFOUND open-vsx|\[AgentHost|\[ChatModelSelection|\[AccountPolicyGate|\[reconnection-grace-time|Creation of workbench contribution)/;

class UsageError extends Error {}

function parseOptions(argv) {
  const { values } = util.parseArgs({
    args: argv,
    options: {
      tests: { type: 'string' },
      workspace: { type: 'string' },
      extension: { type: 'string', default: repoRoot },
      timeout: { type: 'string', default: process.env.VSCODE_TESTS_TIMEOUT_MS ?? '600000' },
      restricted: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (!values.tests) throw new UsageError('--tests <compiled mocha run() entry> is required');
  const tests = path.resolve(values.tests);
  const extension = path.resolve(values.extension);
  if (!fs.existsSync(tests)) throw new UsageError(`--tests: ${tests} does not exist (compiled?)`);
  if (!fs.existsSync(path.join(extension, 'package.json'))) throw new UsageError(`--extension: no package.json in ${extension}`);
  const workspace = values.workspace && path.resolve(values.workspace);
  if (workspace && !fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--workspace: ${workspace} is not a folder`);
  }
  const timeoutMs = Number(values.timeout);
  if (!(timeoutMs > 0)) throw new UsageError(`--timeout: not a positive number of milliseconds: ${values.timeout}`);
  return { tests, extension, workspace, timeoutMs, restricted: values.restricted, verbose: values.verbose };
}

/** Resolves with the first outcome; `cleanup` clears the timer so nothing keeps the process alive. */
function outcome(events, deadline) {
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), Math.max(0, deadline - Date.now()));
  });
  return {
    result: Promise.race([...events, timedOut]),
    cleanup: () => clearTimeout(timer),
  };
}

async function main() {
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const say = (message) => console.log(`[vscode-tests ${elapsed()}] ${message}`);
  const options = parseOptions(process.argv.slice(2));
  const deadline = t0 + options.timeoutMs;
  const timeoutMessage = `[vscode-tests] TIMEOUT: the extension tests did not finish within ${options.timeoutMs} ms ` +
    '(raise it with --timeout <ms> or VSCODE_TESTS_TIMEOUT_MS)';
  // Backstop if even the clean-up hangs: exit anyway; code-server's process group is killed on exit.
  const hardStop = setTimeout(() => {
    console.error(`${timeoutMessage}; clean-up did not finish either, exiting`);
    process.exit(1);
  }, options.timeoutMs + 30_000);
  hardStop.unref();

  const profile = createProfile({ settings: options.restricted ? RESTRICTED_MODE_SETTINGS : {} });
  let server;
  let browser;
  let failed = true;
  let serverTail = '';
  const onSignal = (signal) => {
    console.error(`[vscode-tests] ${signal}: stopping code-server`);
    void server?.stop().finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startCodeServer(profile, {
      workspaceTrust: options.restricted,
      onOutput: options.verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
    });
    say(`code-server ${server.origin} (pid ${server.pid})`);
    browser = await launchChromium(profile);
    const { page } = browser;

    let resolveExit;
    const exitCalled = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit({ kind: 'exit', code }));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const message = util.format(...(Array.isArray(args) ? args : [args]));
      if (options.verbose || !NOISE.test(message)) (type === 'error' ? console.error : console.log)(message);
    });
    if (options.verbose) {
      page.on('console', (m) => console.log(`[browser:${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => console.log(`[browser:pageerror] ${e.message}`));
    }
    const serverExited = server.exited.then((info) => ({ kind: 'server-exit', ...info }));
    const pageCrashed = new Promise((resolve) => page.once('crash', () => resolve({ kind: 'page-crash' })));
    let navigationFailed;
    const navigationError = new Promise((resolve) => { navigationFailed = (error) => resolve({ kind: 'navigation-error', error }); });
    const { result, cleanup } = outcome([exitCalled, serverExited, pageCrashed, navigationError], deadline);

    const url = workbenchUrl(server, {
      folder: options.workspace ?? profile.emptyWorkspace,
      extensionDevelopmentPath: options.extension,
      extensionTestsPath: options.tests,
    });
    say(`opening the workbench on ${options.workspace ?? '(empty workspace)'}${options.restricted ? ' in Restricted Mode' : ''}; extension ${options.extension}`);
    // no timeout of its own: the outcome race's deadline covers the page load too
    page.goto(url, { waitUntil: 'commit', timeout: 0 }).catch(navigationFailed);
    const end = await result;
    cleanup();

    if (end.kind === 'exit') {
      failed = end.code !== 0;
      say(`extension tests ${failed ? `FAILED (exit code ${end.code})` : 'passed'}`);
    } else if (end.kind === 'timeout') {
      console.error(timeoutMessage);
    } else if (end.kind === 'page-crash') {
      console.error('[vscode-tests] the workbench page crashed');
    } else if (end.kind === 'navigation-error') {
      console.error(`[vscode-tests] the workbench did not load: ${end.error.message}`);
    } else {
      console.error(`[vscode-tests] code-server exited during the tests (code ${end.code}, signal ${end.signal})`);
    }
    if (failed) {
      // taken now: once the browser closes, code-server logs the dropped connections
      serverTail = server.output().split('\n').slice(-40).join('\n');
      const shot = path.join(screenshotsDir(), 'extension-tests-failure.png');
      if (await page.screenshot({ path: shot }).then(() => true, () => false)) console.error(`[vscode-tests] screenshot: ${shot}`);
    }
  } catch (error) {
    console.error(`[vscode-tests] ${error.stack ?? error}`);
  } finally {
    await browser?.context.close().catch(() => {});
    await server?.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (failed) {
      serverTail ||= server?.output().split('\n').slice(-40).join('\n') ?? '';
      if (serverTail) console.error(`[vscode-tests] last lines of code-server:\n${serverTail}`);
      console.error(`[vscode-tests] kept for inspection (extension host logs under user-data/logs): ${profile.root}`);
    } else {
      profile.dispose();
    }
    clearTimeout(hardStop);
    say('done');
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (error) => {
    console.error(error instanceof UsageError ? `runExtensionTests: ${error.message}` : error);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
