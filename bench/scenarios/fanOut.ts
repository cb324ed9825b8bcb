import { fanOutGraph } from "../graphs/fanOut";
import { expect, measurePeers, type ScenarioContext } from "../harness/measurePeers";
import type { ScenarioResult } from "../harness/results";

/** Several nodes in parallel every super-step: the cost of recording each completion and merging the step. */
export async function fanOutScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const { steps, width } = ctx.config.fanOut;
  const rows = await measurePeers(ctx, "fan-out", steps, undefined, async (session, peer) => {
    const graph = fanOutGraph(steps, width);
    session.prepare(graph);
    const begin = performance.now();
    const state = await session.run(graph, "fan");
    const ms = performance.now() - begin;
    for (let i = 0; i < width; i++) expect(state[`w${i}_runs`] === steps, `${peer.id}: worker w${i} ran ${state[`w${i}_runs`]} times, not ${steps}`);
    return { stepsPerSec: (steps / ms) * 1000, nodesPerSec: ((steps * width) / ms) * 1000, bytesPerStep: session.diskBytes() / steps };
  }, (session) => session.run(fanOutGraph(20, width), "warm-up"));
  return {
    id: "fan-out",
    title: `fan-out: ${width} parallel nodes per step, ${steps.toLocaleString("en-US")} steps`,
    what: `${width} workers run in parallel every super-step, each incrementing its own key; each worker's router sends the step to all ${width} again until done.`,
    columns: [
      { key: "stepsPerSec", header: "steps/s", ratio: "higher-is-better" },
      { key: "nodesPerSec", header: "nodes/s" },
      { key: "bytesPerStep", header: "bytes on disk/step" },
    ],
    rows,
    notes: [],
    seconds: (performance.now() - started) / 1000,
  };
}
