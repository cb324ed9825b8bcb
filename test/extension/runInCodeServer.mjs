// `npm run test:extension`: the extension's mocha suites inside a real VS Code (code-server + Debian
// chromium, see test/vscode/). Each suite gets a fresh workspace holding the seed example.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..");
const tests = join(root, "dist", "test", "extension", "index.js");

function workspace(name) {
  const dir = mkdtempSync(join(tmpdir(), `dg-ext-${name}-`));
  cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(dir, "durable.graph.ts"));
  return dir;
}

function run(label, args, env = {}) {
  console.log(`\n== extension tests: ${label}`);
  const result = spawnSync(process.execPath, [join(root, "test", "vscode", "runExtensionTests.mjs"), "--tests", tests, ...args], {
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

const trusted = workspace("trusted");
const restricted = workspace("restricted");
// The restricted workspace already has a thread (interrupted by a crash), to show it can be viewed.
const seeded = spawnSync(process.execPath, [join(root, "bin", "durable-graphs.js"), "run", "durable.graph.ts", "--thread", "seeded"], {
  cwd: restricted,
  env: { ...process.env, CRASH: "true" },
  encoding: "utf8",
});
if (seeded.status !== 1) {
  console.error(`could not seed the restricted workspace: ${seeded.stdout}${seeded.stderr}`);
  process.exit(1);
}
// And a thread waiting for input (the approval example stopped at its question): visible, not answerable.
cpSync(join(root, "examples", "approval", "approval.graph.ts"), join(restricted, "approval.graph.ts"));
const asked = spawnSync(process.execPath, [join(root, "bin", "durable-graphs.js"), "run", "approval.graph.ts", "--thread", "asks"], { cwd: restricted, encoding: "utf8" });
if (asked.status !== 11) {
  console.error(`could not seed the waiting thread: ${asked.stdout}${asked.stderr}`);
  process.exit(1);
}
let failed = 0;
failed += run("trusted workspace", ["--workspace", trusted]) === 0 ? 0 : 1;
failed += run("Restricted Mode", ["--workspace", restricted, "--restricted"], { DG_EXT_SUITE: "restricted" }) === 0 ? 0 : 1;
for (const dir of [trusted, restricted]) rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
