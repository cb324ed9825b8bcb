import type { BenchConfig } from "../config";
import type { Peer, PeerSession } from "../peers/peer";
import { interleaved, type Sample } from "./interleave";
import type { Row } from "./results";
import { withTempDir } from "./tempDir";

export interface ScenarioContext {
  config: BenchConfig;
  peers: Peer[];
  /** Progress, on stderr. */
  log(message: string): void;
}

/**
 * Measures every peer at one size of a scenario: each run gets a fresh store in a fresh temp dir, the
 * peers are interleaved and rotated (see `interleaved`), and each row holds the medians. `warmUp`, if
 * given, runs once per peer before the measured runs, untimed.
 */
export async function measurePeers(
  ctx: ScenarioContext,
  scenario: string,
  size: number,
  sizeLabel: string | undefined,
  once: (session: PeerSession, peer: Peer) => Promise<Sample>,
  warmUp?: (session: PeerSession, peer: Peer) => Promise<unknown>,
): Promise<Row[]> {
  const plans = new Map(ctx.peers.map((peer) => [peer, ctx.config.plan(scenario, peer.id, size)]));
  const runnable = ctx.peers.filter((peer) => !("skip" in plans.get(peer)!));
  const repetitionsOf = (peer: Peer) => {
    const plan = plans.get(peer)!;
    return "skip" in plan ? 0 : plan.repetitions;
  };
  // One small untimed run per peer first: JIT compilation and module loading belong to no repetition.
  if (warmUp) {
    for (const peer of runnable) {
      await withTempDir(`${peer.id}-warm`, async (dir) => {
        const session = await peer.open(dir);
        try {
          await warmUp(session, peer);
        } finally {
          await session.close();
        }
      });
    }
  }
  const measured = await interleaved(runnable, repetitionsOf, async (peer, rep) => {
    const started = performance.now();
    const sample = await withTempDir(peer.id, async (dir) => {
      const session = await peer.open(dir);
      try {
        return await once(session, peer);
      } finally {
        await session.close();
      }
    });
    ctx.log(`  ${scenario}${sizeLabel ? ` ${sizeLabel}` : ""} · ${peer.id} · rep ${rep + 1}/${repetitionsOf(peer)} · ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return sample;
  });
  return ctx.peers.map((peer): Row => {
    const plan = plans.get(peer)!;
    const base = { peer: peer.id, label: peer.label, safety: peer.safety, ...(sizeLabel ? { size: sizeLabel } : {}) };
    if ("skip" in plan) return { ...base, metrics: {}, repetitions: 0, skipped: true, note: `skipped: ${plan.skip}` };
    return { ...base, metrics: measured.get(peer)!.medians, repetitions: plan.repetitions, ...(plan.note ? { note: plan.note } : {}) };
  });
}

/** Fails the run when a peer did not do the work the scenario asked for (so no peer is fast by skipping it). */
export function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(`benchmark check failed: ${message}`);
}
