/**
 * The editor benchmark's fast graph (issue 9): 1,000 rounds of plan → three parallel fetches → join,
 * every node about 10 ms. 3,000 steps, 5,000 node executions: a run that floods the editor with events.
 */
import { END, START, StateGraph, z } from "durable-graphs";

const ROUNDS = 1000;
const FETCHES = ["fetch_a", "fetch_b", "fetch_c"] as const;
const State = z.object({ round: z.number().int().default(0), fetched: z.number().int().default(0) });
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 10));

const graph = new StateGraph(State, { reducers: { fetched: (total: number, added: number) => total + added } })
  .addNode("plan", async (state) => {
    await pause();
    return { round: state.round + 1 };
  })
  .addNode("join", async () => {
    await pause();
    return {};
  })
  .addEdge(START, "plan")
  .addConditionalEdges("plan", () => [...FETCHES], [...FETCHES])
  .addEdge([...FETCHES], "join")
  .addConditionalEdges("join", (state) => (state.round < ROUNDS ? "plan" : END), ["plan", END]);

for (const fetch of FETCHES) {
  graph.addNode(fetch, async () => {
    await pause();
    return { fetched: 1 };
  });
}

export default graph;
