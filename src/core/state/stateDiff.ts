import type { StateValues } from "../sdk/types";
import { jsonEqual } from "./jsonValue";

/** One key's difference between two states. */
export interface KeyDifference {
  key: string;
  change: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

/** The keys whose values differ between two states, in the order they first appear (before's keys first). */
export function stateDiff(before: StateValues, after: StateValues): KeyDifference[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const differences: KeyDifference[] = [];
  for (const key of keys) {
    const had = Object.hasOwn(before, key) && before[key] !== undefined;
    const has = Object.hasOwn(after, key) && after[key] !== undefined;
    if (had && !has) differences.push({ key, change: "removed", before: before[key] });
    else if (!had && has) differences.push({ key, change: "added", after: after[key] });
    else if (had && has && !jsonEqual(before[key], after[key])) differences.push({ key, change: "changed", before: before[key], after: after[key] });
  }
  return differences;
}
