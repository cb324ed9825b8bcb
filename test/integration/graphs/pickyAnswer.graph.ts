/**
 * A question whose schema holds a check JSON Schema cannot (a refine), asked with a payload of a few
 * megabytes: the CLI lets any string through, the node's own schema refuses all but a "y…" word.
 */
import { END, START, StateGraph, z } from "durable-graphs";

const Yes = z.string().refine((word) => word.startsWith("y"), "must start with y");

export default new StateGraph(z.object({ word: z.string().optional() }))
  .addNode("ask", async (_state, { interrupt }) => ({
    word: await interrupt({ q: "say yes", attachment: "x".repeat(3_000_000) }, { schema: Yes }),
  }))
  .addEdge(START, "ask")
  .addEdge("ask", END);
