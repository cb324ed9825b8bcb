import type { BenchConfig } from "./config";
import { findRow, type ScenarioResult } from "./harness/results";
import { sizeLabel } from "./scenarios/loop";

export interface Verdict {
  target: string;
  /** What was compared, with both measured values. */
  measured: string;
  value: number;
  met: boolean;
}

/**
 * The targets, as ratios measured in this run. In quick mode the sizes differ (the largest loop
 * stands in for 10k and 100k), so the verdicts only show the arithmetic works.
 */
export function verdicts(config: BenchConfig, results: readonly ScenarioResult[]): Verdict[] {
  const sizes = config.loop.sizes;
  const mid = sizeLabel(sizes.includes(10_000) ? 10_000 : sizes.at(-1)!);
  const big = sizeLabel(sizes.at(-1)!);
  const out: Verdict[] = [];
  const metric = (scenario: string, peer: string, key: string, size?: string) => findRow(results, scenario, peer, size)?.metrics[key] ?? Number.NaN;
  const add = (target: string, value: number, met: (v: number) => boolean, measured: string) => out.push({ target, value, met: Number.isFinite(value) && met(value), measured });
  const n = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString("en-US", { maximumFractionDigits: digits }) : "–");

  if (results.some((r) => r.id === "loop")) {
    const ours = metric("loop", "ours", "stepsPerSec", mid);
    const lg = metric("loop", "lg-sqlite", "stepsPerSec", mid);
    add(`durable steps/s on the ${mid} loop ≥ 20× LangGraph.js + SqliteSaver (NORMAL)`, ours / lg, (v) => v >= 20, `${n(ours)} vs ${n(lg)} steps/s`);
    const fsync = metric("loop", "ours-fsync", "stepsPerSec", mid);
    const full = metric("loop", "lg-sqlite-full", "stepsPerSec", mid);
    add(`fsync mode on the ${mid} loop ≥ 2× SqliteSaver (FULL)`, fsync / full, (v) => v >= 2, `${n(fsync)} vs ${n(full)} steps/s`);
    const first = metric("loop", "ours", "firstMs", big);
    const last = metric("loop", "ours", "lastMs", big);
    add(`last-10% ÷ first-10% ms/step ≤ 1.3 at ${big} steps`, last / first, (v) => v <= 1.3, `${n(last * 1000, 1)} vs ${n(first * 1000, 1)} µs/step`);
  }
  if (results.some((r) => r.id === "bigstate")) {
    const ours = metric("bigstate", "ours", "bytesPerStep");
    const lg = metric("bigstate", "lg-sqlite", "bytesPerStep");
    add("bigstate: ≤ 1 KB on disk per step", ours, (v) => v <= 1024, `${n(ours)} bytes/step`);
    add("bigstate: ≥ 100× less on disk per step than LangGraph.js (SqliteSaver)", lg / ours, (v) => v >= 100, `${n(lg)} vs ${n(ours)} bytes/step`);
  }
  if (results.some((r) => r.id === "resume")) {
    const ours = metric("resume", "ours", "resumeMs");
    const label = sizeLabel(config.resume.threadSteps);
    const lg = metric("resume", "lg-sqlite", "resumeMs");
    add(`resuming the ${label}-step thread ≥ 4× faster than LangGraph.js (bundled like ours)`, lg / ours, (v) => v >= 4, `${n(lg)} vs ${n(ours)} ms, spawn → first resumed node`);
    const lgModules = metric("resume", "lg-sqlite-node-modules", "resumeMs");
    add(`resuming the ${label}-step thread ≥ 4× faster than LangGraph.js (loaded from node_modules)`, lgModules / ours, (v) => v >= 4, `${n(lgModules)} vs ${n(ours)} ms, spawn → first resumed node`);
  }
  return out;
}
