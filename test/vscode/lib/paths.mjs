// Where the harness finds the repo, the installed code-server, chromium and its own output folders.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** code-server installed by scripts/vscode/install-code-server.sh; CODE_SERVER_BIN overrides it. */
export function codeServerBin() {
  const bin = process.env.CODE_SERVER_BIN || path.join(repoRoot, '.vscode-test/code-server/node_modules/.bin/code-server');
  if (!fs.existsSync(bin)) {
    throw new Error(`code-server not found at ${bin}\n  install it with: bash scripts/vscode/install-code-server.sh`);
  }
  return bin;
}

/** Debian's chromium; CHROMIUM_PATH overrides it. */
export function chromiumPath() {
  const exe = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(exe)) {
    throw new Error(`chromium not found at ${exe}\n  install it with: apt-get update && apt-get install -y --no-install-recommends chromium`);
  }
  return exe;
}

/** Git-ignored folder for screenshots of UI tests and of failed runs. */
export function screenshotsDir() {
  const dir = path.join(repoRoot, '.artifacts/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
