/** Every scenario, in the order they run (`--only` picks some; durability regroups the loop's runs). */
export const SCENARIOS = ["chain3", "loop", "durability", "bigstate", "fan-out", "resume"] as const;

/**
 * Sizes and repetitions. Full mode is the issue's: chain3 2,000 invokes; loop 1k/10k/100k steps;
 * bigstate 500 steps; fan-out 8 × 1,000 steps; resume a 10k-step thread; ≥ 3 repetitions. Quick mode
 * (the CI smoke test) runs every scenario and peer once at small sizes: it checks the harness, not speed.
 */
export interface BenchConfig {
  quick: boolean;
  repetitions: number;
  chain3: { invokes: number };
  loop: { sizes: number[] };
  bigState: { steps: number; seedSteps: number };
  fanOut: { steps: number; width: number };
  resume: { threadSteps: number };
  /** How a peer is scaled down where running it in full would blow the time budget (full mode only). */
  plan(scenario: string, peer: string, size: number): { repetitions: number; note?: string } | { skip: string };
}

export function benchConfig(quick: boolean): BenchConfig {
  if (quick) {
    return {
      quick,
      repetitions: 1,
      chain3: { invokes: 20 },
      loop: { sizes: [100, 1_000] },
      bigState: { steps: 20, seedSteps: 20 },
      fanOut: { steps: 20, width: 8 },
      resume: { threadSteps: 200 },
      plan: () => ({ repetitions: 1 }),
    };
  }
  const repetitions = 3;
  return {
    quick,
    repetitions,
    chain3: { invokes: 2_000 },
    loop: { sizes: [1_000, 10_000, 100_000] },
    bigState: { steps: 500, seedSteps: 100 },
    fanOut: { steps: 1_000, width: 8 },
    resume: { threadSteps: 10_000 },
    plan(scenario, peer, size) {
      if (scenario === "loop" && peer === "seed" && size >= 100_000) return { skip: "quadratic: rewriting the whole history each step would take hours" };
      if (scenario === "loop" && peer === "seed" && size >= 10_000) return { repetitions: 1, note: "1 repetition (quadratic, ~1 min)" };
      if (scenario === "loop" && size >= 100_000) {
        if (["ours", "ours-memory", "append"].includes(peer)) return { repetitions };
        if (["lg-sqlite", "ours-fsync", "append-fdatasync"].includes(peer)) return { repetitions: 1, note: "1 repetition (to fit the time budget)" };
        return { skip: "not run at 100k steps (time budget: ~1 min or more per run)" };
      }
      return { repetitions };
    },
  };
}
