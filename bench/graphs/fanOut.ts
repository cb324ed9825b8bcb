import { END, START, type BenchGraph } from "../harness/benchGraph";

/**
 * `width` workers run in parallel every step; each counts its own runs in its own key and its router
 * sends the step to all workers again until it has run `steps` times (the routers' picks coincide, so
 * each worker runs once per step).
 */
export function fanOutGraph(steps: number, width = 8): BenchGraph {
  const workers = Array.from({ length: width }, (_, i) => `w${i}`);
  const graph: BenchGraph = { name: "fan-out", keys: {}, nodes: {}, edges: [], branches: [], input: {}, steps };
  for (const worker of workers) {
    graph.keys[worker] = { kind: "number", default: 0 };
    graph.nodes[worker] = (state) => ({ [worker]: state[worker] + 1 });
    graph.edges.push([START, worker]);
    graph.branches.push({ from: worker, router: (state) => (state[worker] < steps ? workers : END), destinations: [...workers, END] });
  }
  return graph;
}
