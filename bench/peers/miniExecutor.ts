import { END, initialState, reduce, START, type BenchGraph, type BenchState, type BenchUpdate } from "../harness/benchGraph";

/** Where a minimal executor keeps its checkpoints. */
export interface MiniPersistence {
  /** After each step (step 0: the input); `updates` are the nodes' writes, in the step's node order. */
  commit(step: number, state: BenchState, nodes: readonly string[], updates: readonly BenchUpdate[]): void;
}

/**
 * The least an engine can do to run a bench graph in super-steps: run the due nodes, merge their
 * writes with the reducers, persist, route. No validation, no copies, no events: a floor, not a product.
 */
export async function runMini(graph: BenchGraph, persistence: MiniPersistence): Promise<BenchState> {
  let state = initialState(graph);
  persistence.commit(0, state, [], [graph.input]);
  let next = successors(graph, [START], state);
  for (let step = 1; next.length > 0; step++) {
    const nodes = next;
    const updates = await Promise.all(nodes.map(async (node) => graph.nodes[node]!(state)));
    const merged: BenchState = { ...state };
    for (const update of updates) for (const [key, value] of Object.entries(update)) merged[key] = reduce(graph, key, merged[key], value);
    state = merged;
    next = successors(graph, nodes, state);
    persistence.commit(step, state, nodes, updates);
  }
  return state;
}

function successors(graph: BenchGraph, ran: readonly string[], state: BenchState): string[] {
  const next: string[] = [];
  const add = (node: string) => {
    if (node !== END && !next.includes(node)) next.push(node);
  };
  for (const node of ran) {
    for (const [from, to] of graph.edges) if (from === node) add(to);
    for (const branch of graph.branches) {
      if (branch.from !== node) continue;
      const picked = branch.router(state);
      for (const pick of Array.isArray(picked) ? picked : [picked]) add(pick);
    }
  }
  return next;
}
