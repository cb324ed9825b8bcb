/**
 * A conditional loop with a parallel fan-out: each round plans, searches three sources at once,
 * gathers what they found, and loops until enough rounds are done.
 *
 *   npx durable-graphs run examples/fan-out-loop/research.graph.ts --thread research --input '{"topic":"durable execution","rounds":3}'
 *
 * Kill it at any moment (Ctrl-C, or --crash-at after-node:search_papers) and run the same command again:
 * sources that finished in the interrupted round are not searched again.
 */
import { END, START, StateGraph, z } from "durable-graphs";
import { lookUp } from "./sources";

const State = z.object({
  topic: z.string().default("durable execution"),
  rounds: z.number().int().min(1).max(20).default(2),
  round: z.number().int().default(0),
  findings: z.array(z.string()).default([]),
  report: z.string().optional(),
});
type State = z.infer<typeof State>;

const SOURCES = ["search_web", "search_papers", "search_code"] as const;

const graph = new StateGraph(State, { reducers: { findings: (all: string[], found: string[]) => all.concat(found) } })
  .addNode("plan", async (state, { log }) => {
    log.info(`round ${state.round + 1} of ${state.rounds}: ${state.topic}`);
    return { round: state.round + 1 };
  })
  .addNode("gather", async (state) => ({ findings: [`round ${state.round}: ${state.findings.length} findings so far`] }))
  .addNode("write_report", async (state) => ({ report: `${state.topic}: ${state.findings.length} findings in ${state.round} rounds` }))
  .addEdge(START, "plan")
  .addConditionalEdges("plan", () => [...SOURCES], [...SOURCES])
  .addEdge([...SOURCES], "gather")
  .addConditionalEdges("gather", (state: State) => (state.round < state.rounds ? "plan" : "write_report"), ["plan", "write_report"])
  .addEdge("write_report", END);

for (const source of SOURCES) {
  graph.addNode(source, async (state, { task, log }) => {
    // The look-up is the side effect: journalled, so a resumed round does not repeat it.
    const result = await task(`${source}-round-${state.round}`, () => lookUp(source, state.topic, state.round));
    log.info(result);
    return { findings: [result] };
  });
}

export default graph;
