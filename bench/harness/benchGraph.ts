/**
 * A graph described once, independently of any engine, so every peer runs the same nodes, reducers and
 * routers: our StateGraph, LangGraph.js's StateGraph and the bench's minimal executor each build their
 * own graph from it.
 */
export const START = "__start__";
export const END = "__end__";

export type BenchState = Record<string, any>;
export type BenchUpdate = Record<string, unknown>;

export type KeySpec =
  | { kind: "number"; default: number; reducer?: (current: number, update: number) => number }
  | { kind: "string"; default: string; reducer?: (current: string, update: string) => string }
  | { kind: "strings"; default: string[]; reducer?: (current: string[], update: string[]) => string[] }
  /** A chat history: each engine uses its own messages/append reducer where it has one (see the peers). */
  | { kind: "messages"; default: ChatMessage[]; reducer: (current: ChatMessage[], update: ChatMessage[]) => ChatMessage[] };

/** One chat message as a node returns it (LangGraph.js's messages reducer turns it into a message object). */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface BenchBranch {
  from: string;
  router: (state: BenchState) => string | string[];
  /** Every value the router may return (END included): LangGraph draws and checks the graph with it. */
  destinations: string[];
}

export interface BenchGraph {
  name: string;
  keys: Record<string, KeySpec>;
  /** Nodes are synchronous and trivial: the benchmark measures the engine, not the work. */
  nodes: Record<string, (state: BenchState) => BenchUpdate>;
  edges: [from: string, to: string][];
  branches: BenchBranch[];
  /** The input of a new thread (merged over the keys' defaults). */
  input: BenchUpdate;
  /** Super-steps the graph takes from its input to END. */
  steps: number;
}

/** The keys' defaults, overlaid with the input: the state before step 1. */
export function initialState(graph: BenchGraph): BenchState {
  const state: BenchState = {};
  for (const [key, spec] of Object.entries(graph.keys)) state[key] = structuredClone(spec.default);
  return { ...state, ...structuredClone(graph.input) };
}

/** Replaces, unless the key has a reducer. */
export function reduce(graph: BenchGraph, key: string, current: unknown, update: unknown): unknown {
  const reducer = graph.keys[key]?.reducer as ((a: unknown, b: unknown) => unknown) | undefined;
  return reducer ? reducer(current, update) : update;
}
