import { existsSync } from "node:fs";
import { END, START, StateGraph, z } from "durable-graphs";

/**
 * Prints around its events: each `tick` writes a raw line to stdout itself (not through console, which a
 * node's log captures). With `HOLD_FILE` set, the second tick waits until that file exists: the output of
 * step 1 must reach the reader meanwhile.
 */
const State = z.object({ count: z.number().default(0) });
const STEPS = Number(process.env.CHATTY_STEPS ?? 3);

export default new StateGraph(State)
  .addNode("tick", async (state) => {
    process.stdout.write(`raw line of step ${state.count + 1}\n`);
    const hold = process.env.HOLD_FILE;
    if (hold && state.count === 1) {
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (!existsSync(hold)) return;
          clearInterval(timer);
          resolve();
        }, 20);
      });
    }
    return { count: state.count + 1 };
  })
  .addEdge(START, "tick")
  .addConditionalEdges("tick", (state) => (state.count < STEPS ? "tick" : END), ["tick", END]);
