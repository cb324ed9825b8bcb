// A throwaway profile for one code-server + chromium pair: both write into HOME and the XDG folders
// (config.yaml, sockets, crash reports, extension host logs), so each run gets its own, under a short
// os.tmpdir() path because code-server puts unix sockets in TMPDIR (108-byte path limit).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** User settings that keep the workbench quiet and the CPU free for the tests. */
export const DEFAULT_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  // VS Code >= 1.10x otherwise starts a CPU-heavy agent runtime for the Chat view that wants the network.
  'chat.disableAIFeatures': true,
});

/** With workspace trust on: open folders in Restricted Mode without the modal trust prompt. */
export const RESTRICTED_MODE_SETTINGS = Object.freeze({
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
});

/**
 * @param {{settings?: Record<string, unknown>}} [options] merged over DEFAULT_SETTINGS
 * @returns {{root: string, userDataDir: string, extensionsDir: string, chromeDir: string,
 *   emptyWorkspace: string, env: NodeJS.ProcessEnv, dispose(): void}}
 */
export function createProfile({ settings = {} } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-vscode-'));
  const dir = (name) => {
    const d = path.join(root, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  const home = dir('home');
  const userDataDir = dir('user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'));
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: dir('home/.config'),
    XDG_DATA_HOME: dir('home/.local/share'),
    XDG_CACHE_HOME: dir('home/.cache'),
    XDG_RUNTIME_DIR: dir('runtime'),
    TMPDIR: dir('tmp'),
  };
  // Set by a parent VS Code or code-server terminal: they would point the server at the wrong IPC hooks.
  for (const key of ['VSCODE_IPC_HOOK_CLI', 'VSCODE_IPC_HOOK', 'VSCODE_PROXY_URI', 'ELECTRON_RUN_AS_NODE']) delete env[key];
  return {
    root,
    userDataDir,
    extensionsDir: dir('extensions'),
    chromeDir: dir('chrome'),
    emptyWorkspace: dir('workspace'),
    env,
    dispose: () => fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}
