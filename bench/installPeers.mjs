// The benchmark's peers (LangGraph.js, its SQLite checkpointer) live in bench/package.json with their
// own lockfile, apart from the project: a plain `npm ci` of the project builds no native module.
// `npm run bench:install` installs them (`npm ci` in bench/; better-sqlite3 downloads a prebuilt binary
// or compiles SQLite, a few minutes); `npm run bench` runs this with --if-needed first, which installs
// only when bench/node_modules is missing or older than bench/package-lock.json.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bench = dirname(fileURLToPath(import.meta.url));
const lock = join(bench, "package-lock.json");
const installed = join(bench, "node_modules", ".package-lock.json");
const ifNeeded = process.argv.includes("--if-needed");

if (ifNeeded && existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) process.exit(0);

console.error(
  ifNeeded
    ? "bench: installing the benchmark's peers first (LangGraph.js + SqliteSaver, bench/package.json; better-sqlite3 may compile SQLite: a few minutes, once)…"
    : "bench: installing the benchmark's peers (LangGraph.js + SqliteSaver, bench/package.json; better-sqlite3 may compile SQLite: a few minutes)…",
);
const started = Date.now();
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: bench, stdio: "inherit" });
if (result.status !== 0) {
  console.error(`bench: installing the peers failed (npm ci in bench/ exited ${result.status ?? result.signal}); \`npm run bench -- --quick\` still runs the other peers.`);
  process.exit(result.status ?? 1);
}
console.error(`bench: peers installed in ${((Date.now() - started) / 1000).toFixed(0)} s (bench/node_modules)`);
