import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DurableError } from "../core/errors";
import type { LoadedLangGraph } from "./loadGraph";

/**
 * The parts of LangGraph.js the runner uses, typed structurally: LangGraph is the user's own install
 * (a peer), loaded at run time from the graph file's folder, never bundled or imported here.
 */
export interface LangGraphApp {
  stream(input: unknown, config: Record<string, unknown>): Promise<AsyncIterable<unknown>>;
  getGraph(): { nodes: Record<string, { id: string }>; edges: { source: string; target: string; conditional?: boolean }[] };
  /** Replaced by the runner's saver: a compiled graph's own checkpointer is not where its threads live. */
  checkpointer?: unknown;
  nodes: Record<string, unknown>;
}

/** A `StateGraph` (not compiled yet) or a `CompiledStateGraph`. */
export type LangGraphExport = LangGraphApp | { compile(options: { checkpointer: unknown }): LangGraphApp };

export interface LangGraphModule {
  StateGraph: abstract new (...args: never[]) => unknown;
  CompiledStateGraph: abstract new (...args: never[]) => unknown;
  Command: new (params: { resume: unknown }) => unknown;
  /** Inside a node: its run config, whose metadata names the node and the step. */
  getConfig?: () => { metadata?: Record<string, unknown> } | undefined;
}

const LANGGRAPH = "@langchain/langgraph";

/** The graph as LangGraph compiles it, for `getGraph()` only (no checkpointer: nothing runs). */
export function compiledForDrawing(exported: LangGraphExport): LangGraphApp {
  return isCompiled(exported) ? exported : exported.compile({ checkpointer: undefined });
}

/** A compiled graph streams; a `StateGraph` builder only compiles. */
export function isCompiled(exported: LangGraphExport): exported is LangGraphApp {
  return typeof (exported as Partial<LangGraphApp>).stream === "function";
}

/**
 * The file's default export when it is a LangGraph.js graph, with the `@langchain/langgraph` the file
 * resolves (from its folder upwards: the user's node_modules, never the runner's). Undefined for
 * anything else (the SDK's graphs, which the caller checks).
 */
export function langGraphExport(file: string, exported: unknown): LoadedLangGraph | undefined {
  const candidate = (exported as { default?: unknown } | undefined)?.default as Record<string, unknown> | undefined;
  if (!candidate || typeof candidate !== "object" || typeof candidate.kind === "string") return undefined;
  const require = createRequire(file);
  let entry: string;
  try {
    entry = require.resolve(LANGGRAPH);
  } catch (error) {
    // Built with a LangGraph the graph's folder cannot resolve (imported from elsewhere): say what is missing.
    if (looksLikeLangGraph(candidate)) throw langGraphMissing(file, LANGGRAPH, error);
    return undefined;
  }
  const langgraph = require(LANGGRAPH) as LangGraphModule;
  const isOne = candidate instanceof langgraph.StateGraph || candidate instanceof langgraph.CompiledStateGraph || looksLikeLangGraph(candidate);
  return isOne ? { kind: "langgraph", file, exported: candidate as unknown as LangGraphExport, langgraph, langgraphEntry: entry } : undefined;
}

/** LangGraph's own marks: a compiled graph is a Pregel (`lg_is_pregel`); a builder has nodes, channels and `compile`. */
function looksLikeLangGraph(candidate: Record<string, unknown>): boolean {
  if (candidate.lg_is_pregel === true) return true;
  return typeof candidate.compile === "function" && typeof candidate.addNode === "function" && "channels" in candidate && "branches" in candidate;
}

/** The `@langchain/…` package a failed `require` was looking for, when that is what failed. */
export function missingLangChainPackage(error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== "MODULE_NOT_FOUND") return undefined;
  const match = /Cannot find module '(@langchain\/[^/']+)/.exec((error as Error).message);
  return match?.[1];
}

/** "this graph imports @langchain/langgraph, which is not installed in <folder>: run npm install there" (exit 2). */
export function langGraphMissing(file: string, pkg: string, cause: unknown): DurableError {
  const folder = projectFolder(dirname(file));
  return new DurableError(
    "GRAPH_LOAD_FAILED",
    `this graph imports ${pkg}, which is not installed in ${folder}: run npm install there`,
    { file, package: pkg, folder },
    { cause },
  );
}

/** The nearest folder at or above `dir` with a package.json (where `npm install` belongs), else `dir`. */
function projectFolder(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "package.json"))) return at;
    if (dirname(at) === at) return dir;
  }
}
