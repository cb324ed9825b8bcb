import { CHAT_MESSAGE_BYTES, chatGraph } from "../graphs/chat";
import { loopGraph } from "../graphs/loop";
import { expect, measurePeers, type ScenarioContext } from "../harness/measurePeers";
import type { Row, ScenarioResult } from "../harness/results";
import { timedSteps } from "../harness/timedSteps";
import { sdkAppendReducer } from "../peers/durableGraphs";
import { sizeLabel } from "./loop";

const WARM_UP_STEPS = 200;
/** The counter loop measured beside the chat graph, at the same sizes, in the same run: the chat target's reference. */
export const LOOP_REFERENCE = "ours-loop";

/**
 * The chat pattern: one message (~100 bytes) appended per step to a growing list. Does a step's cost
 * stay flat as the history grows, how does it compare with the counter loop, and what does a step cost
 * on disk? Our counter loop runs at the same sizes beside it (row "counter loop, for reference").
 */
export async function chatScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const rows: Row[] = [];
  const ours = ctx.peers.find((p) => p.id === "ours")!;
  const loopPeer = { ...ours, id: LOOP_REFERENCE, label: "durable-graphs, the counter loop (reference)" };
  for (const steps of ctx.config.chat.sizes) {
    const size = sizeLabel(steps);
    const chatRows = await measurePeers(ctx, "chat", steps, size, async (session, peer) =>
      timedSteps(session, steps, (tick) => chatGraph(steps, tick), "chat", (state, ticks) => {
        const messages = state.messages as { content: unknown }[];
        expect(messages.length === steps && ticks === steps, `${peer.id}: chat of ${steps} ended with ${messages.length} messages after ${ticks} node calls`);
        expect(String(messages.at(-1)!.content).startsWith(`reply ${steps}: `), `${peer.id}: the last message is ${JSON.stringify(messages.at(-1))}`);
      }),
      (session) => session.run(chatGraph(WARM_UP_STEPS), "warm-up"),
    );
    // Our counter loop at the same size, in the same run: what "within 2× of the counter loop" compares with.
    const loopCtx = { ...ctx, peers: [loopPeer], config: { ...ctx.config, plan: () => ({ repetitions: ctx.config.repetitions }) } };
    const [loopRow] = await measurePeers(loopCtx, "chat", steps, size, async (session) =>
      timedSteps(session, steps, (tick) => loopGraph(steps, tick), "loop", (state) => expect(state.count === steps, `counter loop ended at ${state.count}`)),
      (session) => session.run(loopGraph(WARM_UP_STEPS), "warm-up"),
    );
    for (const row of chatRows) {
      if (row.peer.startsWith("ours") && !row.skipped) row.metrics.vsLoop = row.metrics.msPerStep! / loopRow!.metrics.msPerStep!;
    }
    rows.push(...chatRows, loopRow!);
  }
  const sdk = sdkAppendReducer();
  return {
    id: "chat",
    title: "chat: one ~100-byte message appended per step to a growing list, one thread",
    what: `\`chat\` appends one message (${CHAT_MESSAGE_BYTES} bytes of JSON: \`{"role":"assistant","content":"reply N: …"}\`) to \`messages\` and loops until the list holds N. durable-graphs: \`z.array(z.object({ role, content }))\` with ${sdk ? `the SDK's \`${sdk.name}\`` : "a plain concat reducer (the SDK exports no append/messages reducer yet)"}; LangGraph.js: its own \`messagesStateReducer\` (each message becomes an \`AIMessage\` with an id); the machine floor: a plain concat. **× counter loop**: durable-graphs' mean ms/step on the chat graph ÷ the counter loop's at the same size, measured in the same run (row "counter loop"). bytes on disk/step: the store's size at the end ÷ steps (SQLite's WAL checkpointed first).`,
    columns: [
      { key: "stepsPerSec", header: "steps/s", ratio: "higher-is-better" },
      { key: "firstMs", header: "ms/step first 10%" },
      { key: "lastMs", header: "ms/step last 10%" },
      { key: "growth", header: "last ÷ first" },
      { key: "vsLoop", header: "× counter loop ms/step", optional: true },
      { key: "bytesPerStep", header: "bytes on disk/step", ratio: "lower-is-better" },
    ],
    rows,
    notes: chatNotes(ctx, rows),
    seconds: (performance.now() - started) / 1000,
  };
}

function chatNotes(ctx: ScenarioContext, rows: readonly Row[]): string[] {
  const top = sizeLabel(ctx.config.chat.sizes.at(-1)!);
  const floor = rows.find((r) => r.peer === "append" && r.size === top && !r.skipped);
  return [
    `LangGraph.js runs the chat graph at ${sizeLabel(ctx.config.chat.peerSteps)} steps only: its checkpointers store the whole message list at every step, so its time and disk grow with the square of the steps.`,
    `The machine floor merges with a plain concat, which copies the whole list every step${floor ? ` (its own last ÷ first at ${top}: ${floor.metrics.growth!.toFixed(1)})` : ""}: a reducer that copies the list cannot be flat, whatever the store does. The flatness target needs an append that does not copy the items before it.`,
  ];
}
