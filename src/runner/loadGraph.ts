import { existsSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, extname, resolve } from "node:path";
import type { Plugin } from "esbuild";
import { DurableError, isDurableError } from "../core/errors";
import type { CompiledGraph } from "../core/sdk/compiledGraph";
import * as sdk from "../core/sdk/index";
import { cachedBundle, saveBundle, type BundleKey } from "./graphBundleCache";
import { jitFromHere } from "./startupParsing";
import { langGraphExport, langGraphMissing, missingLangChainPackage, type LangGraphExport, type LangGraphModule } from "./langGraphExport";

export const GRAPH_EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".cts", ".cjs"];
const SDK_KEY = Symbol.for("durable-graphs.sdk");

/** A graph file whose default export is a LangGraph.js `StateGraph` (compiled or not): run by the user's own LangGraph. */
export interface LoadedLangGraph {
  kind: "langgraph";
  file: string;
  /** The default export, as the file made it: a `StateGraph` (`compile` it) or a `CompiledStateGraph`. */
  exported: LangGraphExport;
  /** The user's `@langchain/langgraph` module, as the graph file resolves it. */
  langgraph: LangGraphModule;
  /** Where that module's entry file lies (its own dependencies resolve from there). */
  langgraphEntry: string;
}

export interface LoadedGraph {
  file: string;
  graph: CompiledGraph;
  /** The file's `export function migrate(state, fromFingerprint)`: rewrites a stored state for this graph's schema (fork --migrate). */
  migrate?: (state: Record<string, unknown>, fromFingerprint: string | undefined) => unknown;
}

/**
 * Loads a graph file: bundles it and its local imports with esbuild (TypeScript, source maps), runs it
 * as a CommonJS module located at the graph file (so its own node_modules resolve), and compiles its
 * default export. `durable-graphs` resolves to the workspace's copy if it has one, else to the SDK
 * bundled with this runner. Every failure is a GRAPH_LOAD_FAILED or GRAPH_INVALID naming file and line.
 */
export async function loadGraph(path: string): Promise<LoadedGraph> {
  const loaded = await loadAnyGraph(path);
  if (loaded.kind === "langgraph") {
    throw new DurableError("GRAPH_LOAD_FAILED", `${loaded.file} is a LangGraph.js graph: this is done for graphs of the durable-graphs SDK only (LangGraph.js threads run, resume, fork and show)`, { file: loaded.file, engine: "langgraph" });
  }
  return loaded;
}

/**
 * Loads a graph file of either kind: one of the SDK's (as `loadGraph`), or one whose default export is
 * a LangGraph.js `StateGraph`, recognised with the `@langchain/langgraph` the file itself resolves.
 */
export async function loadAnyGraph(path: string): Promise<(LoadedGraph & { kind: "sdk" }) | LoadedLangGraph> {
  const file = resolve(path);
  if (!existsSync(file)) throw new DurableError("GRAPH_LOAD_FAILED", `graph file not found: ${file}`, { file });
  if (!GRAPH_EXTENSIONS.includes(extname(file))) {
    throw new DurableError("GRAPH_LOAD_FAILED", `${file} is not a TypeScript or JavaScript file (expected ${GRAPH_EXTENSIONS.join(", ")})`, { file });
  }
  process.setSourceMapsEnabled(true);
  const code = await bundle(file);
  const exported = evaluate(file, code);
  const langGraph = langGraphExport(file, exported);
  if (langGraph) return langGraph;
  const migrate = (exported as { migrate?: unknown } | undefined)?.migrate;
  return { kind: "sdk", file, graph: compileExport(file, exported), ...(typeof migrate === "function" ? { migrate: migrate as LoadedGraph["migrate"] } : {}) };
}

async function bundle(file: string): Promise<string> {
  const key: BundleKey = { file, sdk: installedSdk(dirname(file)) };
  const cached = cachedBundle(key);
  if (cached !== undefined) return cached;
  const startedAt = Date.now();
  try {
    // Loaded only when a bundle is built: a cached one needs none of it. (A require, not an import():
    // the CLI's bundle has no dynamic import, which its code cache's loader would have to support.)
    const { build } = require("esbuild") as typeof import("esbuild");
    const result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      platform: "node",
      format: "cjs",
      target: "node20",
      sourcemap: "inline",
      logLevel: "silent",
      outfile: `${file}.bundle.js`,
      metafile: true,
      plugins: [sdkResolver(key.sdk), externalPackages()],
    });
    const code = result.outputFiles[0]!.text;
    saveBundle(key, code, Object.keys(result.metafile.inputs), process.cwd(), startedAt);
    return code;
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } }[] }).errors?.[0];
    if (!first) throw new DurableError("GRAPH_LOAD_FAILED", `could not compile ${file}: ${(error as Error).message}`, { file }, { cause: error });
    const location = first.location;
    const where = location ? resolve(dirname(file), location.file) : file;
    throw new DurableError(
      "GRAPH_LOAD_FAILED",
      location ? `${where}:${location.line}:${location.column + 1}: ${first.text}\n    ${location.lineText}` : `${file}: ${first.text}`,
      { file: where, ...(location ? { line: location.line, column: location.column + 1 } : {}) },
      { cause: error },
    );
  }
}

/** Where the workspace's own `durable-graphs` resolves from `dir`, or null when it has none. */
function installedSdk(dir: string): string | null {
  try {
    return createRequire(resolve(dir, "noop.js")).resolve("durable-graphs");
  } catch {
    return null;
  }
}

/** `durable-graphs`: the workspace's own install if it has one, else this runner's SDK. */
function sdkResolver(installed: string | null): Plugin {
  return {
    name: "durable-graphs-sdk",
    setup(b) {
      b.onResolve({ filter: /^durable-graphs$/ }, () =>
        installed !== null ? { path: "durable-graphs", external: true } : { path: "durable-graphs", namespace: "durable-graphs-sdk" },
      );
      b.onLoad({ filter: /.*/, namespace: "durable-graphs-sdk" }, () => ({
        contents: `module.exports = globalThis[Symbol.for("durable-graphs.sdk")];`,
        loader: "js",
      }));
    },
  };
}

/** Packages stay where they are installed (node_modules next to the graph); only local files are bundled. */
function externalPackages(): Plugin {
  return {
    name: "external-packages",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (args.path === "durable-graphs" ? undefined : { path: args.path, external: true }));
    },
  };
}

function evaluate(file: string, code: string): unknown {
  // The graph's schemas (its state is validated every step) are built with zod's compiled parsers.
  jitFromHere();
  (globalThis as Record<symbol, unknown>)[SDK_KEY] = sdk;
  const ModuleClass = Module as unknown as {
    new (id: string, parent?: unknown): NodeModule & { _compile(code: string, filename: string): void; paths: string[] };
    _nodeModulePaths(dir: string): string[];
  };
  const mod = new ModuleClass(file);
  mod.filename = file;
  mod.paths = ModuleClass._nodeModulePaths(dirname(file));
  try {
    mod._compile(code, file);
  } catch (error) {
    if (isDurableError(error)) throw error;
    const missing = missingLangChainPackage(error);
    if (missing) throw langGraphMissing(file, missing, error);
    const message = error instanceof Error ? error.message : String(error);
    throw new DurableError("GRAPH_LOAD_FAILED", `${file} threw while loading: ${message}`, { file }, { cause: error });
  }
  return mod.exports;
}

function compileExport(file: string, exported: unknown): CompiledGraph {
  const candidate = (exported as { default?: unknown } | undefined)?.default;
  if (candidate === undefined) {
    throw new DurableError(
      "GRAPH_LOAD_FAILED",
      `${file} has no default export: end it with \`export default new StateGraph(...)...\` (a StateGraph or its compile())`,
      { file },
    );
  }
  const value = candidate as { kind?: string; compile?: () => unknown };
  const compiled = value?.kind === "durable-graphs.compiled" ? value : typeof value?.compile === "function" ? value.compile() : undefined;
  if (!compiled || (compiled as { kind?: string }).kind !== "durable-graphs.compiled") {
    throw new DurableError("GRAPH_LOAD_FAILED", `the default export of ${file} is not a graph: export a StateGraph from "durable-graphs"`, { file });
  }
  return compiled as CompiledGraph;
}
