import { END, START, type BenchGraph, type BenchState, type ChatMessage } from "../harness/benchGraph";

/** Bytes of one message as JSON: `{"role":"assistant","content":"…"}`. */
export const CHAT_MESSAGE_BYTES = 100;

/** The `n`th message: ~100 bytes of JSON, its content unique (no engine can share it with another). */
export function chatMessage(n: number): ChatMessage {
  const head = `reply ${n}: `;
  return { role: "assistant", content: head.padEnd(CHAT_MESSAGE_BYTES - '{"role":"assistant","content":""}'.length, "lorem ipsum dolor sit amet ") };
}

/**
 * The chat pattern: one node appends one ~100-byte message per step to `messages` through a concat
 * reducer (LangGraph.js: its own `messagesStateReducer`; durable-graphs: the SDK's append reducer once
 * it exports one, a plain concat until then), looping until the history holds `steps` messages.
 */
export function chatGraph(steps: number, onTick: (state: BenchState) => void = () => undefined): BenchGraph {
  return {
    name: "chat",
    keys: { messages: { kind: "messages", default: [], reducer: (history, added) => history.concat(added) } },
    nodes: {
      chat: (state) => {
        onTick(state);
        return { messages: [chatMessage(state.messages.length + 1)] };
      },
    },
    edges: [[START, "chat"]],
    branches: [{ from: "chat", router: (state) => (state.messages.length < steps ? "chat" : END), destinations: ["chat", END] }],
    input: {},
    steps,
  };
}
