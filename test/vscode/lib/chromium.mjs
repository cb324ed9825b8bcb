// Debian's chromium driven by playwright-core (no browser download: executablePath is the system one).
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromiumPath, repoRoot } from './paths.mjs';

// Without the background-networking flags chromium keeps dialling Google's hosts on this closed network.
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox', // root in a container: the setuid sandbox is unavailable
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]);

/** playwright-core, resolved from the repo (a devDependency); NODE_PATH is honoured for trials. */
export function loadPlaywright() {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  try {
    return require('playwright-core');
  } catch (error) {
    throw new Error('playwright-core is not installed: it is a devDependency of the repo (npm ci)', { cause: error });
  }
}

/**
 * A fresh headless browser profile. Playwright refuses --user-data-dir in args, hence a persistent context.
 * @param {ReturnType<import('./profile.mjs').createProfile>} profile
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page}>}
 */
export async function launchChromium(profile, { viewport = { width: 1400, height: 900 } } = {}) {
  const context = await loadPlaywright().chromium.launchPersistentContext(profile.chromeDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport,
    // chromium's crash handler writes into ~/.config/chromium otherwise
    env: { ...profile.env },
    args: [...CHROMIUM_ARGS],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
