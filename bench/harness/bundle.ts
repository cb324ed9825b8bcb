import { delimiter, join, resolve } from "node:path";
import { build } from "esbuild";

export const REPO_ROOT = resolve(__dirname, "../..");
/**
 * Children run from a temp dir: packages left external resolve from the benchmark's own install
 * (bench/node_modules: LangGraph.js, better-sqlite3) and then the project's node_modules.
 */
export const CHILD_ENV = { ...process.env, NODE_PATH: [join(REPO_ROOT, "bench", "node_modules"), join(REPO_ROOT, "node_modules")].join(delimiter) };

/**
 * Bundles a child entry point into `outDir` (a temp dir: build output is never committed). With
 * `packages: "bundle"` everything but native modules goes into one file, as our CLI ships; with
 * "external" npm packages load from node_modules, as a LangGraph.js application usually runs.
 */
export async function bundleChild(entry: string, outFile: string, packages: "bundle" | "external" = "bundle"): Promise<string> {
  await build({
    entryPoints: [resolve(REPO_ROOT, entry)],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "error",
    // Native and self-locating modules stay in node_modules.
    external: ["better-sqlite3", "esbuild"],
    ...(packages === "external" ? { packages: "external" as const } : {}),
  });
  return outFile;
}
