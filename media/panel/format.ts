import type { NodeCell } from "../../src/core/protocol/panelMessages";

/** Durations and times as the panel shows them. */
export function duration(ms: number): string {
  if (ms < 1) return "<1 ms";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes} min ${seconds} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function time(ms: number): string {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : d.toLocaleString();
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * How long a cell's node ran (a failed cell: its failed try), or has been running. A failure from a
 * journal written before tries' starts were recorded says so instead of guessing.
 */
export function elapsed(cell: Pick<NodeCell, "status" | "startedAt" | "durationMs">, now = Date.now()): string {
  if (cell.durationMs !== undefined) return duration(cell.durationMs);
  if (cell.status === "running") return duration(now - cell.startedAt);
  return "duration not recorded";
}
