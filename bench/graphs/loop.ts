import { END, START, type BenchGraph, type BenchState } from "../harness/benchGraph";

/**
 * One node looping through a conditional edge: `tick` adds one to `count` until it reaches `steps`.
 * `onTick` sees the state each call gets (the step clock, a disk probe, the resume marker).
 */
export function loopGraph(steps: number, onTick: (state: BenchState) => void = () => undefined, input: Record<string, unknown> = {}, extraKeys: BenchGraph["keys"] = {}): BenchGraph {
  return {
    name: "loop",
    keys: { count: { kind: "number", default: 0 }, ...extraKeys },
    nodes: {
      tick: (state) => {
        onTick(state);
        return { count: state.count + 1 };
      },
    },
    edges: [[START, "tick"]],
    branches: [{ from: "tick", router: (state) => (state.count < steps ? "tick" : END), destinations: ["tick", END] }],
    input,
    steps,
  };
}
