/**
 * A looping graph with a fanned-out step, for killing at random moments. Every execution of a node
 * logs its start (with a fresh execution id) to FUZZ_LOG and returns that id in `trace`, so a test can
 * tell which execution's result was kept and whether a node ran again after its completion was recorded.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { END, START, StateGraph, z, type NodeContext } from "durable-graphs";

const LOG = process.env.FUZZ_LOG ?? "/dev/null";
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 20);

const State = z.object({
  round: z.number().default(0),
  total: z.number().default(0),
  sums: z.array(z.number()).default([]),
  trace: z.array(z.string()).default([]),
});
type State = z.infer<typeof State>;

const nap = () => new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 4));

function traced(name: string, body: (state: State, value: number) => Partial<State>) {
  return async (state: State, ctx: NodeContext) => {
    const exec = randomUUID().slice(0, 8);
    appendFileSync(LOG, `start ${ctx.threadId} ${ctx.step} ${name} ${exec}\n`);
    await nap();
    const value = await ctx.task("effect", async () => {
      appendFileSync(LOG, `effect ${ctx.threadId} ${ctx.step} ${name} ${exec}\n`);
      return state.round * 10 + name.length;
    });
    await nap();
    return { trace: [`${ctx.step}:${name}:${exec}`], ...body(state, value) };
  };
}

export default new StateGraph(State, {
  reducers: {
    trace: (all: string[], added: string[]) => all.concat(added),
    total: (sum: number, added: number) => sum + added,
    sums: (all: number[], added: number[]) => all.concat(added),
  },
})
  .addNode("tick", traced("tick", (s) => ({ round: s.round + 1 })))
  .addNode("a", traced("a", (_s, v) => ({ total: v })))
  .addNode("bb", traced("bb", (_s, v) => ({ total: v * 2 })))
  .addNode("ccc", traced("ccc", (_s, v) => ({ total: v * 3 })))
  .addNode("join", traced("join", (s) => ({ sums: [s.total] })))
  .addEdge(START, "tick")
  .addEdge("tick", "a")
  .addEdge("tick", "bb")
  .addEdge("tick", "ccc")
  .addEdge(["a", "bb", "ccc"], "join")
  .addConditionalEdges("join", (s: State) => (s.round < ROUNDS ? "tick" : END), ["tick", END]);
