/**
 * An ordinary LangGraph.js agent (nothing in it knows Durable Graphs), run durably by the runner:
 *
 *   planner → (search ‖ calculate) → review ─┬─ another round → planner
 *                                           └─ enough → approval (interrupt) → send → END
 *
 * `CRASH=true` makes `review` exit the process, as the seed's step 2 does: run the same command again
 * without it and the thread resumes at `review`; the planner and the tools do not run again.
 *
 *   npm ci   (this folder has its own package.json: LangGraph.js is yours, not the runner's)
 *   CRASH=true npx durable-graphs run agent.graph.ts --thread report
 *   npx durable-graphs run agent.graph.ts --thread report          # resumes, stops at the approval
 *   npx durable-graphs resume report --answer '{"approved": true}'  # sends the report
 */
import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";

const State = Annotation.Root({
  topic: Annotation<string>(),
  round: Annotation<number>({ reducer: (_, next) => next, default: () => 0 }),
  findings: Annotation<string[]>({ reducer: (all, added) => all.concat(added), default: () => [] }),
  report: Annotation<string>(),
  approved: Annotation<boolean>(),
  sent: Annotation<string>(),
});

const ROUNDS = 2;

export default new StateGraph(State)
  .addNode("planner", async (state) => {
    console.log(`planning round ${state.round + 1} on ${state.topic ?? "(no topic)"}`);
    return { round: state.round + 1 };
  })
  // The two tools run in parallel, in one super-step.
  .addNode("search", async (state) => ({ findings: [`search: ${state.topic} (round ${state.round})`] }))
  .addNode("calculate", async (state) => ({ findings: [`calculate: ${state.round * 21} (round ${state.round})`] }))
  .addNode("review", async (state) => {
    if (process.env.CRASH === "true") {
      console.error("!!! CRASHING in review (CRASH=true) !!!");
      process.exit(1);
    }
    return { report: `${state.topic}: ${state.findings.length} findings after ${state.round} rounds` };
  })
  .addNode("approval", async (state) => {
    // Stops the run until a person answers (`resume <thread> --answer '{"approved": true}'`).
    const answer = interrupt({ question: "Send this report?", report: state.report }) as { approved?: boolean } | boolean;
    return { approved: typeof answer === "boolean" ? answer : answer?.approved === true };
  })
  .addNode("send", async (state) => ({ sent: state.approved ? `sent: ${state.report}` : "not sent" }))
  .addEdge(START, "planner")
  .addEdge("planner", "search")
  .addEdge("planner", "calculate")
  .addEdge(["search", "calculate"], "review")
  .addConditionalEdges("review", (state) => (state.round < ROUNDS ? "planner" : "approval"), ["planner", "approval"])
  .addEdge("approval", "send")
  .addEdge("send", END);
