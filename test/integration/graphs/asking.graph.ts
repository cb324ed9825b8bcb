/**
 * Two nodes of one step each ask a person (a fan-out of questions); then a node sends, once. Side effects
 * go to files in SIDE_EFFECTS_DIR so a test can count them across processes. KILL_AFTER_ANSWER=NODE makes
 * that node SIGKILL its own process right after it got its answer (before its completion is recorded).
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { END, START, StateGraph, z } from "durable-graphs";

const dir = process.env.SIDE_EFFECTS_DIR ?? ".";
const effect = (file: string, line: string) => appendFileSync(join(dir, file), `${line}\n`);

const State = z.object({ answers: z.array(z.string()).default([]), sent: z.string().optional() });
const Vote = z.object({ vote: z.enum(["yes", "no"]), why: z.string().optional() });

const voter = (name: string) => async (_state: unknown, ctx: { task: <T>(n: string, f: () => T) => Promise<T>; interrupt: (p: unknown, o: { schema: typeof Vote }) => Promise<z.infer<typeof Vote>> }) => {
  await ctx.task("prepare", () => effect("prepared.log", name));
  const answer = await ctx.interrupt({ ask: `${name}, your vote?` }, { schema: Vote });
  if (process.env.KILL_AFTER_ANSWER === name) process.kill(process.pid, "SIGKILL");
  return { answers: [`${name}:${answer.vote}`] };
};

export default new StateGraph(State, { reducers: { answers: (all: string[], added: string[]) => all.concat(added) } })
  .addNode("left", voter("left"))
  .addNode("right", voter("right"))
  .addNode("send", async (state, { task }) => {
    const sent = await task("send", () => (effect("sent.log", [...state.answers].sort().join(",")), "sent"));
    return { sent };
  })
  .addEdge(START, "left")
  .addEdge(START, "right")
  .addEdge("left", "send")
  .addEdge("right", "send")
  .addEdge("send", END);
