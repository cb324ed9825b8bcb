import type { BenchGraph, BenchState } from "../harness/benchGraph";

/** What a peer's commits survive: nothing (in memory), the process being killed, or power loss too. */
export type Safety = "none" | "process" | "power";

export interface Peer {
  /** Stable id (the smoke test and the targets refer to it). */
  id: string;
  /** As shown in the tables. */
  label: string;
  safety: Safety;
  /** Opens a fresh store in `dir`, an empty directory on the benchmark's disk. */
  open(dir: string): Promise<PeerSession>;
}

export interface PeerSession {
  /** Builds the engine's own graph for `graph` ahead of the timed runs (compiling is not measured). */
  prepare(graph: BenchGraph): void;
  /** Runs a new thread from the graph's input to END; resolves to the final state. */
  run(graph: BenchGraph, thread: string): Promise<BenchState>;
  /** Bytes the store occupies on disk now (0 for in-memory peers). */
  diskBytes(): number;
  close(): Promise<void>;
}
