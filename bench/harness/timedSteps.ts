import type { BenchGraph, BenchState } from "./benchGraph";
import type { PeerSession } from "../peers/peer";
import { StepClock } from "./stepClock";

/** One thread's run of a step-clocked graph: throughput, ms/step over its first and last 10%, disk per step. */
export type TimedSteps = {
  stepsPerSec: number;
  msPerStep: number;
  firstMs: number;
  lastMs: number;
  growth: number;
  bytesPerStep: number;
};

/**
 * Runs `build(tick)` — a graph whose node calls `tick` once per step — as one new thread of `session`,
 * checks the final state with `check` (and that the node ran `steps` times), and times it.
 */
export async function timedSteps(
  session: PeerSession,
  steps: number,
  build: (tick: () => void) => BenchGraph,
  thread: string,
  check: (state: BenchState, ticks: number) => void,
): Promise<TimedSteps> {
  const clock = new StepClock(steps);
  const graph = build(() => clock.tick());
  session.prepare(graph);
  const begin = performance.now();
  const state = await session.run(graph, thread);
  const ms = performance.now() - begin;
  check(state, clock.ticks);
  const { firstMs, lastMs } = clock.edges(0.1);
  return { stepsPerSec: (steps / ms) * 1000, msPerStep: ms / steps, firstMs, lastMs, growth: lastMs / firstMs, bytesPerStep: session.diskBytes() / steps };
}
