import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { Annotation, MemorySaver, messagesStateReducer, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type { BenchGraph } from "../harness/benchGraph";
import type { Peer, PeerSession } from "./peer";
import { loadSaverClass } from "../../src/runner/langGraphSaver";
import { bytesUnder } from "../harness/tempDir";

/**
 * LangGraph.js as its users run it: default options (checkpoint durability "async"), with no
 * checkpointer, with MemorySaver, and with SqliteSaver as shipped (journal_mode=WAL; better-sqlite3 is
 * built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so synchronous=NORMAL: safe against a process crash, not
 * power loss) and with `PRAGMA synchronous=FULL` (an fsync of the WAL per transaction: power-loss safe).
 */
export function langGraphPeers(): Peer[] {
  return [
    { id: "lg-none", label: "LangGraph.js, no checkpointer", safety: "none", open: async () => session(undefined) },
    { id: "lg-memory", label: "LangGraph.js + MemorySaver", safety: "none", open: async () => session(new MemorySaver()) },
    { id: "lg-sqlite", label: "LangGraph.js + SqliteSaver (WAL, synchronous NORMAL, as shipped)", safety: "process", open: async (dir) => sqliteSession(dir, "NORMAL") },
    { id: "lg-sqlite-full", label: "LangGraph.js + SqliteSaver (WAL, synchronous FULL)", safety: "power", open: async (dir) => sqliteSession(dir, "FULL") },
    { id: "lg-durable", label: "LangGraph.js + DurableGraphsSaver (process-crash safe)", safety: "process", open: async (dir) => durableSession(dir, false) },
    { id: "lg-durable-fsync", label: "LangGraph.js + DurableGraphsSaver, fsync (power-loss safe)", safety: "power", open: async (dir) => durableSession(dir, true) },
  ];
}

/**
 * LangGraph.js with our checkpointer (`durable-graphs/langgraph`, dist/langgraph.js), loaded as the runner
 * loads it for a user's graph: against this LangGraph.js install's own `@langchain/langgraph-checkpoint`.
 */
function durableSession(dir: string, fsync: boolean): PeerSession {
  const Saver = loadSaverClass(require.resolve("@langchain/langgraph", { paths: [__dirname] }));
  const saver = new Saver({ directory: dir, fsync, graph: "bench" });
  return {
    ...session(saver as unknown as BaseCheckpointSaver),
    diskBytes: () => bytesUnder(dir),
    close: async () => saver.close(),
  };
}

export type Synchronous = "NORMAL" | "FULL";

/** A SqliteSaver on `file`, set up (WAL) and with the synchronous level checked, not assumed. */
export function openSqliteSaver(file: string, synchronous: Synchronous): SqliteSaver {
  const saver = SqliteSaver.fromConnString(file);
  (saver as unknown as { setup(): void }).setup(); // switches to WAL, creates the tables
  if (synchronous === "FULL") saver.db.pragma("synchronous = FULL");
  const mode = String(saver.db.pragma("journal_mode", { simple: true }));
  const level = Number(saver.db.pragma("synchronous", { simple: true }));
  const expected = synchronous === "FULL" ? 2 : 1;
  if (mode !== "wal" || level !== expected) throw new Error(`SqliteSaver: expected WAL with synchronous=${synchronous}, found journal_mode=${mode} synchronous=${level}`);
  return saver;
}

function sqliteSession(dir: string, synchronous: Synchronous): PeerSession {
  const file = join(dir, "checkpoints.sqlite");
  const saver = openSqliteSaver(file, synchronous);
  return {
    ...session(saver),
    diskBytes: () => sqliteBytes(saver, file),
    close: async () => saver.db.close(),
  };
}

/** The database and its WAL, after checkpointing the WAL into the database (so pages are not counted twice). */
export function sqliteBytes(saver: SqliteSaver, file: string): number {
  saver.db.pragma("wal_checkpoint(TRUNCATE)");
  return [file, `${file}-wal`, `${file}-shm`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

const compiled = new WeakMap<BenchGraph, Map<BaseCheckpointSaver | undefined, any>>();

/** LangGraph's StateGraph for a bench graph, compiled once per graph and checkpointer. */
export function buildLangGraph(bench: BenchGraph, checkpointer: BaseCheckpointSaver | undefined): any {
  const bySaver = compiled.get(bench) ?? new Map();
  compiled.set(bench, bySaver);
  if (bySaver.has(checkpointer)) return bySaver.get(checkpointer);
  const channels: Record<string, any> = {};
  for (const [key, spec] of Object.entries(bench.keys)) {
    // A chat history goes through LangGraph's own messages reducer: it turns each { role, content } into a
    // message object (AIMessage, HumanMessage) with an id, and replaces messages whose id it has seen.
    const reducer = (spec.kind === "messages" ? messagesStateReducer : (spec.reducer ?? ((_current: unknown, update: unknown) => update))) as (a: any, b: any) => any;
    channels[key] = Annotation<any>({ reducer, default: () => structuredClone(spec.default) });
  }
  const graph: any = new StateGraph(Annotation.Root(channels));
  for (const [name, fn] of Object.entries(bench.nodes)) graph.addNode(name, (state: any) => fn(state));
  for (const [from, to] of bench.edges) graph.addEdge(from, to);
  for (const branch of bench.branches) graph.addConditionalEdges(branch.from, branch.router, branch.destinations);
  const app = graph.compile(checkpointer ? { checkpointer } : {});
  bySaver.set(checkpointer, app);
  return app;
}

function session(checkpointer: BaseCheckpointSaver | undefined): PeerSession {
  return {
    prepare: (bench) => void buildLangGraph(bench, checkpointer),
    async run(bench, thread) {
      const app = buildLangGraph(bench, checkpointer);
      // recursionLimit counts super-steps: raised so long loops are not stopped.
      return app.invoke(bench.input, { configurable: { thread_id: thread }, recursionLimit: bench.steps + 10 });
    },
    diskBytes: () => 0,
    close: async () => undefined,
  };
}
