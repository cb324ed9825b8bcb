#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI itself is bundled into dist/ by `npm install` (prepare) or `npm run build`.
const path = require("node:path");
const fs = require("node:fs");
const cli = path.join(__dirname, "..", "dist", "cli.js");
if (!fs.existsSync(cli)) {
  console.error("durable-graphs: the CLI is not built yet (dist/cli.js is missing). Run `npm install` or `npm run build` in " + path.dirname(__dirname) + ".");
  process.exit(2);
}
if (!runWithCodeCache(cli)) require(cli);

/**
 * Compiling the CLI's bundle (about 1 MB) is a good part of every command's start-up. V8 can keep what
 * it compiled: the first run of a given bundle on a given Node saves it in the user's cache directory,
 * later runs start from it (V8 refuses data that does not fit its version and flags, and the file is
 * named after the bundle's checksum and path, so a rebuilt CLI, or one in another folder, never meets
 * another one's). V8 saves the functions that had been compiled when the process ends, so what a run
 * needs (the executor, the store's writer) and what `threads` or `--version` needs differ: each kind of
 * command keeps its own file, and the first command after a build does not decide for the others.
 * Anything wrong with the cache — no home, a read-only disk, a file cut short — and the CLI loads as it
 * always did. DURABLE_GRAPHS_CODE_CACHE=0 turns it off.
 */
function runWithCodeCache(file) {
  if (process.env.DURABLE_GRAPHS_CODE_CACHE === "0") return false;
  let script, wrapper, cacheFile, hadCache;
  try {
    const vm = require("node:vm");
    const { crc32 } = require("node:zlib");
    const Module = require("node:module");
    const os = require("node:os");
    if (typeof crc32 !== "function") return false;
    // Read as bytes: the checksum of the bytes costs a fifth of that of a string (which is encoded to
    // UTF-8 first), and a bundle of plain ASCII becomes a string without UTF-8 decoding.
    const bytes = fs.readFileSync(file);
    const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    const dir = path.join(base, "durable-graphs");
    // The bundle's own path is part of the key: V8 keeps the script name it compiled under in the cached
    // data, and stacks (which name the graph file's line) would point into another checkout's copy.
    const place = `${(crc32(file) >>> 0).toString(16)}-${commandKind()}`;
    cacheFile = path.join(dir, `cli-${process.version}-${process.arch}-${bytes.length}-${(crc32(bytes) >>> 0).toString(16)}-${place}.v8`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const options = { filename: file, ...(cachedData ? { cachedData } : {}) };
    if (vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER) options.importModuleDynamically = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
    script = new vm.Script(Module.wrap(source), options);
    hadCache = cachedData !== undefined && !script.cachedDataRejected;
    wrapper = script.runInThisContext();
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(path.dirname(file));
    mod.loaded = true;
    if (!hadCache) process.once("exit", () => saveCodeCache(script, dir, cacheFile, place));
    // From here on the CLI runs: what it throws is its own, not a reason to load it a second time.
    wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
    return true;
  } catch (error) {
    if (wrapper) throw error;
    return false;
  }
}

/** `run` and `resume` execute graphs; every other command only reads or manages the store. */
function commandKind() {
  const command = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
  return command === "run" || command === "resume" ? "run" : "other";
}

function isAscii(bytes) {
  const { isAscii: check } = require("node:buffer");
  return typeof check === "function" && check(bytes);
}

/** Written aside and renamed into place: a reader never sees half a cache (V8 would refuse it anyway). */
function saveCodeCache(script, dir, cacheFile, place) {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
    // The caches of earlier builds of this CLI (this bundle's path) on this Node, for this kind of command,
    // are of no more use. Other copies of the CLI (another checkout, a global install) keep theirs:
    // removing them would make each copy compile from scratch after the other ran.
    const mine = path.basename(cacheFile);
    const prefix = `cli-${process.version}-${process.arch}-`;
    // Caches named without the kind of command (by earlier launchers) are replaced too.
    const pathOnly = `-${place.slice(0, place.lastIndexOf("-"))}.v8`;
    for (const name of fs.readdirSync(dir)) {
      if (name !== mine && name.startsWith(prefix) && (name.endsWith(`-${place}.v8`) || name.endsWith(pathOnly))) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // a cache is only a cache
  }
}
