import { chain3Graph } from "../graphs/chain3";
import { expect, measurePeers, type ScenarioContext } from "../harness/measurePeers";
import type { ScenarioResult } from "../harness/results";

const WARM_UP_INVOKES = 20;

/** The seed's 3-node graph, one new thread per invoke: the cost of starting, running and finishing a thread. */
export async function chain3Scenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const invokes = ctx.config.chain3.invokes;
  const rows = await measurePeers(ctx, "chain3", invokes, undefined, async (session, peer) => {
    const graph = chain3Graph();
    session.prepare(graph);
    const begin = performance.now();
    for (let i = 0; i < invokes; i++) {
      const state = await session.run(graph, `chain-${i}`);
      if (i === 0) expect(state.result === "step_1 -> step_2 -> step_3", `${peer.id}: chain3 ended with ${JSON.stringify(state)}`);
    }
    const ms = performance.now() - begin;
    return { invokesPerSec: (invokes / ms) * 1000, msPerInvoke: ms / invokes, bytesPerThread: session.diskBytes() / invokes };
  }, async (session) => {
    const graph = chain3Graph();
    for (let i = 0; i < WARM_UP_INVOKES; i++) await session.run(graph, `warm-${i}`);
  });
  return {
    id: "chain3",
    title: `chain3: the seed's 3-node graph, ${invokes.toLocaleString("en-US")} invokes, one new thread each`,
    what: "step_1 → step_2 → step_3, each appending its name to a list (a reducer); every invoke starts a new thread in the same store.",
    columns: [
      { key: "invokesPerSec", header: "invokes/s", ratio: "higher-is-better" },
      { key: "msPerInvoke", header: "ms/invoke" },
      { key: "bytesPerThread", header: "bytes on disk/thread" },
    ],
    rows,
    notes: [],
    seconds: (performance.now() - started) / 1000,
  };
}
