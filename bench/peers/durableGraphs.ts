import { executeThread } from "../../src/core/executor/executeThread";
import { nextNodes } from "../../src/core/executor/routing";
import * as sdk from "../../src/core/sdk/index";
// The SDK's own `z`, as a user writes a graph: bench/node_modules holds another copy of zod (for the
// LangGraph.js peers), and importing "zod" here would put both copies into the embedding child's bundle.
import { START, StateGraph, z } from "../../src/core/sdk/index";
import type { CompiledGraph } from "../../src/core/sdk/compiledGraph";
import type { CheckpointStore } from "../../src/core/store/checkpointStore";
import { FileStore } from "../../src/core/store/file/fileStore";
import { MemoryStore } from "../../src/core/store/memory/memoryStore";
import type { BenchGraph, KeySpec } from "../harness/benchGraph";
import { bytesUnder } from "../harness/tempDir";
import type { Peer, PeerSession } from "./peer";

/** Our engine, driven in-process exactly as the runner drives it: create the thread, execute, close. */
export function durableGraphsPeers(): Peer[] {
  return [
    { id: "ours", label: "durable-graphs (default: process-crash safe)", safety: "process", open: async (dir) => session(new FileStore(dir, { durability: "process" }), dir) },
    { id: "ours-fsync", label: "durable-graphs --fsync (power-loss safe)", safety: "power", open: async (dir) => session(new FileStore(dir, { durability: "fsync" }), dir) },
    { id: "ours-memory", label: "durable-graphs, MemoryStore", safety: "none", open: async () => session(new MemoryStore(), undefined) },
  ];
}

const compiled = new WeakMap<BenchGraph, CompiledGraph>();

/** Our StateGraph for a bench graph (compiled once per graph object). */
export function buildDurableGraph(bench: BenchGraph): CompiledGraph {
  const cached = compiled.get(bench);
  if (cached) return cached;
  const shape: Record<string, z.ZodType> = {};
  const reducers: Record<string, (a: any, b: any) => any> = {};
  for (const [key, spec] of Object.entries(bench.keys)) {
    shape[key] = schemaFor(spec);
    if (spec.kind === "messages") reducers[key] = sdkAppendReducer()?.reducer ?? spec.reducer;
    else if (spec.reducer) reducers[key] = spec.reducer;
  }
  const graph = new StateGraph(z.object(shape), { reducers, name: bench.name });
  for (const [name, fn] of Object.entries(bench.nodes)) graph.addNode(name, (state) => fn(state));
  for (const [from, to] of bench.edges) graph.addEdge(from, to);
  for (const branch of bench.branches) graph.addConditionalEdges(branch.from, branch.router, branch.destinations);
  const result = graph.compile();
  compiled.set(bench, result);
  return result;
}

function schemaFor(spec: KeySpec): z.ZodType {
  switch (spec.kind) {
    case "number":
      return z.number().default(spec.default);
    case "string":
      return z.string().default(spec.default);
    case "strings":
      return z.array(z.string()).default(spec.default);
    case "messages":
      return z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() })).default(spec.default);
  }
}

/**
 * The SDK's own append/messages reducer once it has one (the chat scenario then uses it, as a user
 * would); until then the bench graph's plain concat. Looked up by name so the bench runs on either.
 */
export function sdkAppendReducer(): { name: string; reducer: (a: any, b: any) => any } | undefined {
  const exports = sdk as Record<string, unknown>;
  for (const name of ["messagesReducer", "appendReducer"]) {
    const value = exports[name];
    if (typeof value === "function") {
      // A factory (`appendReducer()`) or the reducer itself (`(current, update) => next`).
      const reducer = value.length === 0 ? (value as () => (a: any, b: any) => any)() : (value as (a: any, b: any) => any);
      if (typeof reducer === "function") return { name, reducer };
    }
  }
  return undefined;
}

function session(store: CheckpointStore, dir: string | undefined): PeerSession {
  return {
    prepare: (bench) => void buildDurableGraph(bench),
    async run(bench, thread) {
      const graph = buildDurableGraph(bench);
      const state = graph.schema.parse(bench.input) as Record<string, unknown>;
      const next = await nextNodes(graph, [START], state);
      const writer = await store.create({ thread, graph: "bench", state, next });
      try {
        const result = await executeThread({ graph, writer, stepLimit: bench.steps + 10 });
        if (result.status !== "completed") throw new Error(`durable-graphs: thread ${thread} ended ${result.status}: ${result.error?.message}`);
        return result.state;
      } finally {
        await writer.close();
      }
    },
    diskBytes: () => (dir ? bytesUnder(dir) : 0),
    close: async () => undefined,
  };
}
