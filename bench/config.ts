/** Every scenario, in the order they run (`--only` picks some; durability regroups the loop's runs). */
export const SCENARIOS = ["chain3", "loop", "durability", "chat", "bigstate", "fan-out", "resume", "cli", "inspect"] as const;

/**
 * Sizes and repetitions. Full mode is the issue's: chain3 2,000 invokes; loop 1k/10k/100k steps; chat
 * 1k/10k/50k steps (LangGraph.js 1k); bigstate 500 steps; fan-out 8 × 1,000 steps; resume a 10k-step
 * thread (and 10- and 100k-step ones); the CLI and runner at 100 and 10k steps; show on a 100k-step
 * thread, threads with 5,000 threads; ≥ 3 repetitions. Quick mode
 * (the CI smoke test) runs every scenario and peer once at small sizes: it checks the harness, not speed.
 */
export interface BenchConfig {
  quick: boolean;
  repetitions: number;
  chain3: { invokes: number };
  loop: { sizes: number[] };
  bigState: { steps: number; seedSteps: number };
  fanOut: { steps: number; width: number };
  /** The chat graph: our sizes (the last is the 50k); LangGraph.js runs only at `peerSteps`. */
  chat: { sizes: number[]; peerSteps: number };
  /** Resume: the thread the LangGraph.js comparison uses, and the short and long threads for the flatness target. */
  resume: { threadSteps: number; shortSteps: number; longSteps: number };
  /** The user's path (CLI, runner): a small and a large run, so start-up can be subtracted per step. */
  userPath: { smallSteps: number; loopSteps: number; chatSteps: number; peerChatSteps: number };
  /** `show` and `threads` on a long thread and a store of many threads. */
  inspect: { threadSteps: number; threads: number };
  /** How a peer is scaled down where running it in full would blow the time budget (full mode only). */
  plan(scenario: string, peer: string, size: number): { repetitions: number; note?: string } | { skip: string };
}

/** Peers that run the chat graph beyond its smallest size (the rest store the whole list every step). */
const CHAT_LARGE = ["ours", "ours-fsync", "ours-memory", "append", "append-fdatasync"];
const CHAT_SEED_SKIP = "cubic: rewriting the whole history of whole message lists each step (1k steps would rewrite ~17 GB)";

export function benchConfig(quick: boolean): BenchConfig {
  if (quick) {
    return {
      quick,
      repetitions: 1,
      chain3: { invokes: 20 },
      loop: { sizes: [100, 1_000] },
      bigState: { steps: 20, seedSteps: 20 },
      fanOut: { steps: 20, width: 8 },
      chat: { sizes: [100, 500], peerSteps: 100 },
      resume: { threadSteps: 200, shortSteps: 10, longSteps: 1_000 },
      userPath: { smallSteps: 20, loopSteps: 1_000, chatSteps: 500, peerChatSteps: 100 },
      inspect: { threadSteps: 500, threads: 20 },
      plan: (scenario, peer, size) => (scenario === "chat" && size > 100 && !CHAT_LARGE.includes(peer) ? { skip: "LangGraph.js runs the chat graph at its smaller size only" } : scenario === "chat" && peer === "seed" ? { skip: CHAT_SEED_SKIP } : { repetitions: 1 }),
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
    chat: { sizes: [1_000, 10_000, 50_000], peerSteps: 1_000 },
    resume: { threadSteps: 10_000, shortSteps: 10, longSteps: 100_000 },
    userPath: { smallSteps: 100, loopSteps: 10_000, chatSteps: 10_000, peerChatSteps: 1_000 },
    inspect: { threadSteps: 100_000, threads: 5_000 },
    plan(scenario, peer, size) {
      if (scenario === "chat") {
        if (peer === "seed") return { skip: CHAT_SEED_SKIP };
        // LangGraph.js + MemorySaver / SqliteSaver FULL: no target needs them and each run takes minutes (the
        // whole list is stored every step); no checkpointer and SqliteSaver as shipped are measured.
        if (["lg-memory", "lg-sqlite-full"].includes(peer)) return { skip: "not run (time budget: the whole list is stored every step; no target compares with it)" };
        if (size <= 1_000) return { repetitions };
        if (!CHAT_LARGE.includes(peer)) return { skip: "quadratic: LangGraph.js stores the whole message list every step (1k steps already write ~100 MB)" };
        if (["ours-fsync", "append-fdatasync"].includes(peer)) return { skip: "fsync modes at 1k steps only (time budget)" };
        if (size >= 50_000 && peer === "ours-memory") return { repetitions: 1, note: "1 repetition (to fit the time budget)" };
        return { repetitions };
      }
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
