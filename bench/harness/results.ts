import type { Safety } from "../peers/peer";

/** One peer's medians at one size of a scenario, or why it was not measured. */
export interface Row {
  peer: string;
  label: string;
  safety: Safety;
  /** The scenario's size for this row (the loop has three), as shown. */
  size?: string;
  /** Medians over the repetitions. */
  metrics: Record<string, number>;
  repetitions: number;
  /** Why a peer was scaled down or skipped. */
  note?: string;
  skipped?: boolean;
}

export interface Column {
  key: string;
  header: string;
  /** Adds a ratio column: how many times better durable-graphs at the same safety level is. */
  ratio?: "higher-is-better" | "lower-is-better";
  /** Only some rows have it (e.g. our rows' ratio to our own counter loop): blank elsewhere. */
  optional?: true;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** What was run and measured, one paragraph. */
  what: string;
  columns: Column[];
  rows: Row[];
  notes: string[];
  seconds: number;
}

/** The row durable-graphs is compared with: fsync mode for power-loss-safe peers, the default otherwise. */
export function referencePeer(safety: Safety): string {
  return safety === "power" ? "ours-fsync" : "ours";
}

/** durable-graphs (same safety, same size) vs this row: > 1 means durable-graphs does better. */
export function ratioToOurs(rows: readonly Row[], row: Row, column: Column): number {
  const ref = rows.find((r) => r.peer === referencePeer(row.safety) && r.size === row.size && !r.skipped);
  const ours = ref?.metrics[column.key];
  const theirs = row.metrics[column.key];
  if (ours === undefined || theirs === undefined || row.skipped) return Number.NaN;
  return column.ratio === "higher-is-better" ? ours / theirs : theirs / ours;
}

export function findRow(results: readonly ScenarioResult[], scenario: string, peer: string, size?: string): Row | undefined {
  return results.find((r) => r.id === scenario)?.rows.find((row) => row.peer === peer && (size === undefined || row.size === size) && !row.skipped);
}
