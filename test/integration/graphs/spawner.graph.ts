/** A node that starts a long-lived child process and then waits: for orphan tests. */
import { spawn } from "node:child_process";
import { END, START, StateGraph, z } from "durable-graphs";

const State = z.object({ done: z.boolean().default(false) });

export default new StateGraph(State)
  .addNode("spawn_and_wait", async (_state, { log, signal }) => {
    const child = spawn("sleep", ["300"], { stdio: "ignore" });
    log.info(`grandchild ${child.pid}`);
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
    return { done: true };
  })
  .addEdge(START, "spawn_and_wait")
  .addEdge("spawn_and_wait", END);
