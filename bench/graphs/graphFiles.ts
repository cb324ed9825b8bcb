import { CHAT_MESSAGE_BYTES } from "./chat";

/**
 * Graph files as a user writes them for the CLI and the extension (they import "durable-graphs"): the
 * loop and the chat graph of bench/graphs, their size taken from BENCH_STEPS. The first node call
 * writes `bench:first-node <performance.now()>` to stderr: the CLI's own start-up measured inside it.
 */
const MARK = `let marked = false;
const mark = () => {
  if (marked) return;
  marked = true;
  process.stderr.write("bench:first-node " + performance.now().toFixed(3) + "\\n");
};
const steps = Number(process.env.BENCH_STEPS);`;

export const LOOP_GRAPH_FILE = "loop.graph.mjs";
export const LOOP_GRAPH_SOURCE = `import { StateGraph, START, END, z } from "durable-graphs";
${MARK}
export default new StateGraph(z.object({ count: z.number().default(0) }))
  .addNode("tick", (state) => {
    mark();
    return { count: state.count + 1 };
  })
  .addEdge(START, "tick")
  .addConditionalEdges("tick", (state) => (state.count < steps ? "tick" : END), ["tick", END]);
`;

export const CHAT_GRAPH_FILE = "chat.graph.mjs";
export const CHAT_GRAPH_SOURCE = `import * as dg from "durable-graphs";
const { StateGraph, START, END, z } = dg;
${MARK}
// The SDK's append reducer once it has one; a plain concat until then (as bench/peers/durableGraphs.ts).
const sdkReducer = dg["messagesReducer"] ?? dg["appendReducer"];
const append = typeof sdkReducer === "function" ? (sdkReducer.length === 0 ? sdkReducer() : sdkReducer) : (history, added) => history.concat(added);
const message = (n) => ({ role: "assistant", content: ("reply " + n + ": ").padEnd(${CHAT_MESSAGE_BYTES - 33}, "lorem ipsum dolor sit amet ") });
export default new StateGraph(z.object({ messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() })).default([]) }), { reducers: { messages: append } })
  .addNode("chat", (state) => {
    mark();
    return { messages: [message(state.messages.length + 1)] };
  })
  .addEdge(START, "chat")
  .addConditionalEdges("chat", (state) => (state.messages.length < steps ? "chat" : END), ["chat", END]);
`;
