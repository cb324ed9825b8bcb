import { bigStateGraph, bigValue, BIG_VALUE_BYTES } from "../graphs/bigState";
import { expect, measurePeers, type ScenarioContext } from "../harness/measurePeers";
import type { ScenarioResult } from "../harness/results";

/**
 * A 100 KB value that never changes plus a counter that does: what each step costs on disk. Bytes are
 * measured from the first node call (the input's checkpoint is written by then) to the end, so the
 * input itself is not counted, but every snapshot a store takes along the way is.
 */
export async function bigStateScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const { steps, seedSteps } = ctx.config.bigState;
  const blob = bigValue();
  const ctxSeedScaled = { ...ctx, config: { ...ctx.config, plan: scaled(ctx, steps, seedSteps) } };
  const rows = await measurePeers(ctxSeedScaled, "bigstate", steps, undefined, async (session, peer) => {
    const n = peer.id === "seed" ? seedSteps : steps;
    let bytesAtStart = Number.NaN;
    const graph = bigStateGraph(n, blob, (state) => {
      if (state.count === 0) bytesAtStart = session.diskBytes();
    });
    session.prepare(graph);
    const begin = performance.now();
    const state = await session.run(graph, "big");
    const ms = performance.now() - begin;
    expect(state.count === n && state.blob === blob, `${peer.id}: bigstate ended at count ${state.count} with a ${String(state.blob).length}-byte value`);
    const bytesAtEnd = session.diskBytes();
    return { bytesPerStep: (bytesAtEnd - bytesAtStart) / n, totalBytes: bytesAtEnd, stepsPerSec: (n / ms) * 1000 };
  }, (session) => session.run(bigStateGraph(10, blob), "warm-up"));
  return {
    id: "bigstate",
    title: `bigstate: a ${BIG_VALUE_BYTES / 1024} KB value that never changes plus a counter, ${steps} steps`,
    what: "The loop graph with a 100 KB string in the state, set by the input and never written again. Bytes on disk per step = growth of the store's files from the first step to the last (SQLite's WAL checkpointed first), ÷ steps.",
    columns: [
      { key: "bytesPerStep", header: "bytes on disk/step", ratio: "lower-is-better" },
      { key: "totalBytes", header: "store size at the end (bytes)" },
      { key: "stepsPerSec", header: "steps/s", ratio: "higher-is-better" },
    ],
    rows,
    notes: seedSteps !== steps ? [`The seed-style store runs ${seedSteps} steps, not ${steps}: it rewrites the whole history (100 KB more each step) every step, so its time grows with the square of the steps; its bytes/step do not depend on the count.`] : [],
    seconds: (performance.now() - started) / 1000,
  };
}

function scaled(ctx: ScenarioContext, steps: number, seedSteps: number): ScenarioContext["config"]["plan"] {
  return (scenario, peer, size) => {
    const plan = ctx.config.plan(scenario, peer, size);
    if (peer === "seed" && seedSteps !== steps && !("skip" in plan)) return { ...plan, note: `${seedSteps} steps (quadratic)` };
    return plan;
  };
}
