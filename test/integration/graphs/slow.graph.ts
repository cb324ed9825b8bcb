/** Steps that take a while (SLOW_MS each, SLOW_STEPS of them), for lock and takeover tests. */
import { END, START, StateGraph, z } from "durable-graphs";

const STEPS = Number(process.env.SLOW_STEPS ?? 5);
const MS = Number(process.env.SLOW_MS ?? 300);

const State = z.object({ count: z.number().default(0), by: z.array(z.number()).default([]) });

export default new StateGraph(State, { reducers: { by: (all: number[], added: number[]) => all.concat(added) } })
  .addNode("work", async (state, { signal }) => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, MS);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { count: state.count + 1, by: [process.pid] };
  })
  .addEdge(START, "work")
  .addConditionalEdges("work", (s) => (s.count < STEPS ? "work" : END), ["work", END]);
