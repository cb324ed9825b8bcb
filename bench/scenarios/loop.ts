import { loopGraph } from "../graphs/loop";
import { expect, measurePeers, type ScenarioContext } from "../harness/measurePeers";
import type { Row, ScenarioResult } from "../harness/results";
import { timedSteps } from "../harness/timedSteps";

const WARM_UP_STEPS = 200;

/**
 * One node looping through a conditional edge, in one thread: throughput, and whether the cost of a
 * step stays flat as the thread's history grows (ms/step over the first and the last 10% of the run).
 */
export async function loopScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const rows: Row[] = [];
  for (const steps of ctx.config.loop.sizes) {
    const size = sizeLabel(steps);
    rows.push(
      ...(await measurePeers(ctx, "loop", steps, size, async (session, peer) => {
        const { stepsPerSec, firstMs, lastMs, growth, bytesPerStep } = await timedSteps(session, steps, (tick) => loopGraph(steps, tick), "loop", (state, ticks) =>
          expect(state.count === steps && ticks === steps, `${peer.id}: loop of ${steps} ended at count ${state.count} after ${ticks} node calls`),
        );
        return { stepsPerSec, firstMs, lastMs, growth, bytesPerStep };
      }, (session) => session.run(loopGraph(WARM_UP_STEPS), "warm-up"))),
    );
  }
  return {
    id: "loop",
    title: "loop: one node looping through a conditional edge, one thread",
    what: "`tick` adds 1 to a counter; its router sends it back to `tick` until the counter reaches N. ms/step is the time between consecutive node calls, averaged over the first and the last 10% of the run.",
    columns: [
      { key: "stepsPerSec", header: "steps/s", ratio: "higher-is-better" },
      { key: "firstMs", header: "ms/step first 10%" },
      { key: "lastMs", header: "ms/step last 10%" },
      { key: "growth", header: "last ÷ first" },
      { key: "bytesPerStep", header: "bytes on disk/step" },
    ],
    rows,
    notes: ctx.config.quick
      ? []
      : [
          "Rows with 1 repetition are single samples. The fsync rows at 100k steps depend on the disk's fdatasync latency over a minute-long run, which drifts on a shared machine: read durable-graphs --fsync's last ÷ first next to the fdatasync floor's, measured in the same run.",
        ],
    seconds: (performance.now() - started) / 1000,
  };
}

export function sizeLabel(steps: number): string {
  return steps >= 1000 && steps % 1000 === 0 ? `${steps / 1000}k` : String(steps);
}
