import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, parse, resolve } from "node:path";
import { createRequire } from "node:module";
import { z } from "zod";

/**
 * Bundling a graph file starts esbuild's service process and builds: tens of milliseconds of every
 * `run` and `resume`, for a file that rarely changed since the last time. The bundle is kept in the
 * user's cache directory with what it was built from, and used again only when all of that is as it was:
 * the content of every file esbuild read, the names in each of their directories (a new `x.tsx` beside
 * `x.ts`, or a new `x/index.ts`, would change what `./x` resolves to), every tsconfig.json, jsconfig.json
 * and package.json from those directories up to the root (compiler options, `paths`, `type`), where
 * `durable-graphs` resolves from the graph's directory, and the esbuild version and build options.
 * Anything else — a cache that cannot be read or written, or fails its own checksum — and the graph is
 * bundled as before. `DURABLE_GRAPHS_BUNDLE_CACHE=0` turns it off.
 */

/** Bump when the build options in loadGraph change: bundles built with other options are not reused. */
const BUILD_OPTIONS_VERSION = 1;
const CONFIG_FILES = ["tsconfig.json", "jsconfig.json", "package.json"];

const fingerprint = z.object({ path: z.string(), sha: z.string().nullable() });
const cacheEntry = z.object({
  format: z.literal("durable-graphs.bundle"),
  version: z.literal(1),
  key: z.string(),
  files: z.array(fingerprint),
  dirs: z.array(fingerprint),
  configs: z.array(fingerprint),
  codeSha: z.string(),
  code: z.string(),
});
type CacheEntry = z.infer<typeof cacheEntry>;

export interface BundleKey {
  /** The graph file (absolute). */
  file: string;
  /** Where `durable-graphs` resolves from the graph's directory, or null (the runner's own SDK is used). */
  sdk: string | null;
}

function enabled(): boolean {
  return process.env.DURABLE_GRAPHS_BUNDLE_CACHE !== "0";
}

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "durable-graphs", "graphs");
}

function sha(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

let esbuildVersion: string | undefined;

/** esbuild's version, from its package.json (loading esbuild itself takes longer than a cached bundle). */
function builderVersion(): string {
  esbuildVersion ??= (createRequire(__filename)("esbuild/package.json") as { version: string }).version;
  return esbuildVersion;
}

function keyOf(key: BundleKey): string {
  return JSON.stringify([BUILD_OPTIONS_VERSION, builderVersion(), process.version, key.file, key.sdk]);
}

function entryPath(key: BundleKey): string {
  return join(cacheDir(), `${sha(keyOf(key)).slice(0, 32)}.json`);
}

function fileSha(path: string): string | null {
  try {
    return sha(readFileSync(path));
  } catch {
    return null;
  }
}

function listingSha(dir: string): string | null {
  try {
    return sha(readdirSync(dir).sort().join("\n"));
  } catch {
    return null;
  }
}

/** The config files that bear on how files in `dirs` are compiled and resolved: each directory's and its ancestors'. */
function configPaths(dirs: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const start of dirs) {
    const root = parse(start).root;
    for (let dir = start; !seen.has(dir); dir = dirname(dir)) {
      seen.add(dir);
      if (dir === root) break;
    }
  }
  return [...seen].sort().flatMap((dir) => CONFIG_FILES.map((name) => join(dir, name)));
}

/** The bundle built last time, if nothing it was built from has changed since. */
export function cachedBundle(key: BundleKey): string | undefined {
  if (!enabled()) return undefined;
  let entry: CacheEntry;
  try {
    const parsed = cacheEntry.safeParse(JSON.parse(readFileSync(entryPath(key), "utf8")));
    if (!parsed.success) return undefined;
    entry = parsed.data;
  } catch {
    return undefined;
  }
  if (entry.key !== keyOf(key) || sha(entry.code) !== entry.codeSha) return undefined;
  for (const f of entry.files) if (fileSha(f.path) !== f.sha) return undefined;
  for (const d of entry.dirs) if (listingSha(d.path) !== d.sha) return undefined;
  for (const c of entry.configs) if (fileSha(c.path) !== c.sha) return undefined;
  return entry.code;
}

/**
 * A file changed this recently may have changed while esbuild read it: its fingerprint, taken after the
 * build, could then be of other text than the bundle's. Such a bundle is not kept (as git treats an
 * index entry written in the same instant as its file: "racily clean").
 */
const SETTLED_MS = 2000;

/**
 * Keeps a bundle for next time. `inputs` are the files esbuild read, as its metafile names them
 * (relative to `workingDir`; virtual modules carry a `namespace:` prefix and are left out);
 * `startedAt` is when the build began.
 */
export function saveBundle(key: BundleKey, code: string, inputs: string[], workingDir: string, startedAt: number): void {
  if (!enabled()) return;
  try {
    const files = inputs.filter((input) => !/^[a-z][a-z0-9-]+:/i.test(input) || isAbsolute(input)).map((input) => resolve(workingDir, input));
    if (!files.includes(key.file)) return; // not what we think it is: do not keep it
    if (files.some((file) => statSync(file).mtimeMs > startedAt - SETTLED_MS)) return;
    const dirs = [...new Set(files.map((file) => dirname(file)))].sort();
    const entry: CacheEntry = {
      format: "durable-graphs.bundle",
      version: 1,
      key: keyOf(key),
      files: files.map((path) => ({ path, sha: fileSha(path) })),
      dirs: dirs.map((path) => ({ path, sha: listingSha(path) })),
      configs: configPaths(dirs).map((path) => ({ path, sha: fileSha(path) })),
      codeSha: sha(code),
      code,
    };
    if (entry.files.some((f) => f.sha === null)) return;
    const target = entryPath(key);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(temp, target);
  } catch {
    // a cache is only a cache: the next run bundles again
  }
}
