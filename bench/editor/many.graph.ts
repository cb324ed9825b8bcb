/** The editor benchmark's long thread: one node looping 10,000 times (made with the CLI, then opened). */
import { END, START, StateGraph, z } from "durable-graphs";

const State = z.object({ count: z.number().default(0) });
export default new StateGraph(State)
  .addNode("tick", async (s) => ({ count: s.count + 1 }))
  .addEdge(START, "tick")
  .addConditionalEdges("tick", (s) => (s.count < 10000 ? "tick" : END), ["tick", END]);
