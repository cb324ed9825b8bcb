/**
 * A straight chain of CHAIN_STEPS quick nodes (n1 → n2 → …), for takeover races and damage fuzzing.
 * Each node appends its name to `steps` and `process.pid` to `by` (so a test sees which process ran
 * which step) and sets `blob` to CHAIN_BLOB bytes that depend only on the step (so the journal grows by
 * about that much per step, and a few steps add up to a snapshot). The final state, `by` aside, is
 * the same however often the run was interrupted.
 */
import { END, START, StateGraph, z } from "durable-graphs";

const STEPS = Number(process.env.CHAIN_STEPS ?? 6);
const BLOB = Number(process.env.CHAIN_BLOB ?? 0);

const State = z.object({
  count: z.number().default(0),
  steps: z.array(z.string()).default([]),
  by: z.array(z.number()).default([]),
  blob: z.string().default(""),
});

const blobFor = (step: number) => (BLOB > 0 ? `${step}:`.repeat(Math.ceil(BLOB / (String(step).length + 1))).slice(0, BLOB) : "");

let graph = new StateGraph(State, {
  reducers: {
    steps: (all: string[], added: string[]) => all.concat(added),
    by: (all: number[], added: number[]) => all.concat(added),
  },
});
for (let i = 1; i <= STEPS; i++) {
  graph = graph.addNode(`n${i}`, async (state) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return { count: state.count + 1, steps: [`n${i}`], by: [process.pid], blob: blobFor(i) };
  });
}
graph = graph.addEdge(START, "n1");
for (let i = 1; i < STEPS; i++) graph = graph.addEdge(`n${i}`, `n${i + 1}`);

export default graph.addEdge(`n${STEPS}`, END);
