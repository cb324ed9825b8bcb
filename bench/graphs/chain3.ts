import { END, START, type BenchGraph } from "../harness/benchGraph";

/** The seed's graph: step_1 → step_2 → step_3, each appending its name (the seed's logging left out: LangGraph has no equivalent). */
export function chain3Graph(): BenchGraph {
  return {
    name: "chain3",
    keys: {
      steps: { kind: "strings", default: [], reducer: (done, added) => done.concat(added) },
      result: { kind: "string", default: "" },
    },
    nodes: {
      step_1: () => ({ steps: ["step_1"] }),
      step_2: () => ({ steps: ["step_2"] }),
      step_3: (state) => ({ steps: ["step_3"], result: [...state.steps, "step_3"].join(" -> ") }),
    },
    edges: [
      [START, "step_1"],
      ["step_1", "step_2"],
      ["step_2", "step_3"],
      ["step_3", END],
    ],
    branches: [],
    input: {},
    steps: 3,
  };
}
