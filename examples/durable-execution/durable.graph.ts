/**
 * The seed's durable-execution story: three steps, and step 2 exits the process when CRASH=true.
 *
 *   CRASH=true npx durable-graphs run examples/durable-execution/durable.graph.ts --thread demo
 *   npx durable-graphs run examples/durable-execution/durable.graph.ts --thread demo
 *
 * The second command finds the thread's checkpoint after step_1 and resumes at step_2; step_1 does
 * not run again.
 */
import { END, START, StateGraph, z } from "durable-graphs";

const State = z.object({
  steps: z.array(z.string()).default([]),
  result: z.string().optional(),
});

export default new StateGraph(State, { reducers: { steps: (done: string[], added: string[]) => done.concat(added) } })
  .addNode("step_1", async (_state, { log }) => {
    log.info("Executing Step 1");
    return { steps: ["step_1"] };
  })
  .addNode("step_2", async (_state, { log }) => {
    log.info("Executing Step 2");
    if (process.env.CRASH === "true") {
      console.error("!!! CRASHING at step 2 (CRASH=true) !!!");
      process.exit(1);
    }
    return { steps: ["step_2"] };
  })
  .addNode("step_3", async (state, { log }) => {
    log.info("Executing Step 3");
    return { steps: ["step_3"], result: [...state.steps, "step_3"].join(" -> ") };
  })
  .addEdge(START, "step_1")
  .addEdge("step_1", "step_2")
  .addEdge("step_2", "step_3")
  .addEdge("step_3", END);
