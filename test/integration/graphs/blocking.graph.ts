/**
 * A node whose side effect goes through `ctx.task` and which then blocks its event loop (a long
 * synchronous computation) for BLOCK_MS: no heartbeat can run meanwhile. Each call of the task's
 * function appends its idempotency key to EFFECTS_FILE, so a test can count the side effects.
 */
import { appendFileSync } from "node:fs";
import { END, START, StateGraph, z } from "durable-graphs";

const BLOCK_MS = Number(process.env.BLOCK_MS ?? 1500);
const STEPS = Number(process.env.BLOCK_STEPS ?? 2);

const State = z.object({ count: z.number().default(0), keys: z.array(z.string()).default([]) });

export default new StateGraph(State, { reducers: { keys: (all: string[], added: string[]) => all.concat(added) } })
  .addNode("charge", async (state, ctx) => {
    const key = await ctx.task("charge-card", ({ idempotencyKey }) => {
      appendFileSync(process.env.EFFECTS_FILE!, `${idempotencyKey}\n`);
      return idempotencyKey;
    });
    const until = Date.now() + BLOCK_MS;
    while (Date.now() < until) {
      // busy: the event loop (and any heartbeat on it) is blocked
    }
    return { count: state.count + 1, keys: [key] };
  })
  .addEdge(START, "charge")
  .addConditionalEdges("charge", (s) => (s.count < STEPS ? "charge" : END), ["charge", END]);
