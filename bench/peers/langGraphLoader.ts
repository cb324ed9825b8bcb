import { dirname, join } from "node:path";
import type { BenchGraph } from "../harness/benchGraph";
import type { Peer } from "./peer";

/** The part of `./langGraph` the scenarios use (typed here, so the project's typecheck needs no LangGraph.js). */
export interface LangGraphModule {
  langGraphPeers(): Peer[];
  buildLangGraph(bench: BenchGraph, checkpointer: unknown): any;
  openSqliteSaver(file: string, synchronous: "NORMAL" | "FULL"): { db: { close(): void } };
  sqliteBytes(saver: unknown, file: string): number;
}

/** The benchmark's own install (`npm run bench:install`): bench/package.json and its lockfile. */
export const BENCH_DIR = dirname(__dirname);
export const BENCH_NODE_MODULES = join(BENCH_DIR, "node_modules");
export const LANGGRAPH_PEER_IDS = ["lg-none", "lg-memory", "lg-sqlite", "lg-sqlite-full", "lg-durable", "lg-durable-fsync"] as const;

let loading: Promise<{ module?: LangGraphModule; missing?: string }> | undefined;

/**
 * LangGraph.js and its SQLite checkpointer, if the benchmark's peers are installed; otherwise why not.
 * They are not dependencies of the project (a plain `npm ci` builds no native module): the bench loads
 * them on demand and runs without them when they are absent, saying which rows it skipped.
 */
export function loadLangGraph(): Promise<{ module?: LangGraphModule; missing?: string }> {
  loading ??= (async () => {
    try {
      // better-sqlite3 is a native module: loading it proves its binary was built for this Node.
      require(require.resolve("better-sqlite3", { paths: [BENCH_DIR] }));
      const path = "./langGraph"; // a variable: the project's typecheck must not follow it into LangGraph.js
      return { module: (await import(path)) as LangGraphModule };
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" ? "not installed" : `failed to load: ${(error as Error).message.split("\n")[0]}`;
      return { missing: `LangGraph.js peers ${reason} (run \`npm run bench:install\`)` };
    }
  })();
  return loading;
}
