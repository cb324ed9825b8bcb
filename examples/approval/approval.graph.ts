/**
 * A person in the loop: a draft is written, a person approves it (or edits it first), then it is sent.
 *
 *   npx durable-graphs run examples/approval/approval.graph.ts --thread memo --input '{"topic":"Q3 offsite"}'
 *     → stops at "review", waiting for input (exit code 11); the process exits while the person thinks
 *   npx durable-graphs resume memo --answer '{"approved":true,"edits":"See you in Lisbon."}'
 *     → "review" is re-entered and gets the answer; "send" sends once (a memoised task)
 *
 * In the editor, the run panel shows the question as a form built from the schema below.
 */
import { END, START, StateGraph, z } from "durable-graphs";

const State = z.object({
  topic: z.string().default("the team offsite"),
  draft: z.string().optional(),
  approvedBy: z.string().optional(),
  sentId: z.string().optional(),
});

const Review = z.object({
  approved: z.boolean().describe("Send this draft?"),
  edits: z.string().optional().describe("Replace the draft's text before it is sent"),
});

export default new StateGraph(State)
  .addNode("draft", async (state, { log }) => {
    log.info(`drafting a memo about ${state.topic}`);
    return { draft: `Hello all, a short note about ${state.topic}.` };
  })
  .addNode("review", async (state, { interrupt }) => {
    const answer = await interrupt({ draft: state.draft, question: "Approve this draft?" }, { schema: Review });
    if (!answer.approved) return { draft: undefined };
    return { draft: answer.edits ?? state.draft, approvedBy: "reviewer" };
  })
  .addNode("send", async (state, { task, log }) => {
    // A side effect that must not repeat: journalled once it is done, never sent twice on resume.
    const sentId = await task("send-memo", ({ idempotencyKey }) => {
      log.info(`sending: ${state.draft}`);
      return `msg-${idempotencyKey.length}-${Date.now().toString(36)}`;
    });
    return { sentId };
  })
  .addEdge(START, "draft")
  .addEdge("draft", "review")
  .addConditionalEdges("review", (state) => (state.approvedBy ? "send" : "draft"), ["send", "draft"])
  .addEdge("send", END);
