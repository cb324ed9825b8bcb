import { END, START, type BenchGraph } from "../harness/benchGraph";

/**
 * `width` workers run in parallel every step; each counts its own runs in its own key (`w3_runs`) and its router
 * sends the step to all workers again until it has run `steps` times (the routers' picks coincide, so
 * each worker runs once per step).
 */
export function fanOutGraph(steps: number, width = 8): BenchGraph {
  const workers = Array.from({ length: width }, (_, i) => `w${i}`);
  const graph: BenchGraph = { name: "fan-out", keys: {}, nodes: {}, edges: [], branches: [], input: {}, steps };
  for (const worker of workers) {
    const key = `${worker}_runs`; // LangGraph forbids a node and a state key of the same name
    graph.keys[key] = { kind: "number", default: 0 };
    graph.nodes[worker] = (state) => ({ [key]: state[key] + 1 });
    graph.edges.push([START, worker]);
    graph.branches.push({ from: worker, router: (state) => (state[key] < steps ? workers : END), destinations: [...workers, END] });
  }
  return graph;
}
