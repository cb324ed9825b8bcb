import type { BenchConfig } from "../config";
import type { Row, ScenarioResult } from "../harness/results";
import { sizeLabel } from "./loop";

const FLOOR = { process: "append", power: "append-fdatasync" } as const;
const LEVEL = { process: "a process crash", power: "power loss" } as const;

/**
 * Durability modes side by side: the loop's runs at 10k steps (the same measurements, not new ones)
 * grouped by what a commit survives, each with its cost per step above the machine's floor for that
 * guarantee (an append, or an append + fdatasync).
 */
export function durabilityScenario(config: BenchConfig, loop: ScenarioResult): ScenarioResult {
  const steps = config.loop.sizes.includes(10_000) ? 10_000 : config.loop.sizes.at(-1)!;
  const size = sizeLabel(steps);
  const at = loop.rows.filter((r) => r.size === size);
  const rows: Row[] = [];
  for (const safety of ["process", "power"] as const) {
    const floor = at.find((r) => r.peer === FLOOR[safety]);
    const floorUs = floor && !floor.skipped ? 1e6 / floor.metrics.stepsPerSec! : Number.NaN;
    for (const row of at.filter((r) => r.safety === safety && !r.skipped)) {
      const usPerStep = 1e6 / row.metrics.stepsPerSec!;
      rows.push({
        ...row,
        size: LEVEL[safety],
        metrics: { stepsPerSec: row.metrics.stepsPerSec!, usPerStep, overFloorUs: usPerStep - floorUs },
      });
    }
  }
  return {
    id: "durability",
    title: `durability modes: the ${size}-step loop, grouped by what a commit survives`,
    what: `The loop scenario's ${size}-step runs, regrouped. durable-graphs' default writes each commit to the OS (it survives the process being killed); --fsync adds an fdatasync per commit (it survives power loss). "above floor" is the cost per step beyond the machine's own minimum for the same guarantee.`,
    columns: [
      { key: "stepsPerSec", header: "steps/s", ratio: "higher-is-better" },
      { key: "usPerStep", header: "µs/step" },
      { key: "overFloorUs", header: "µs/step above the floor" },
    ],
    rows,
    notes: [],
    seconds: 0,
  };
}
