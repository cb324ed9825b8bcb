import type { CompiledGraph } from "../sdk/compiledGraph";
import type { StateValues } from "../sdk/types";

/**
 * The state after a step: each node's writes folded in through the key's reducer (or replacing the
 * value), in the order the step listed its nodes, so the result does not depend on which finished first.
 * Returns the keys written, the only ones that can have changed.
 */
export function mergeWrites(graph: CompiledGraph, state: StateValues, writes: readonly Record<string, unknown>[]): { state: StateValues; touched: Set<string> } {
  const next: StateValues = { ...state };
  const touched = new Set<string>();
  for (const update of writes) {
    for (const key in update) {
      const reducer = graph.reducers.get(key);
      // A reducer may update its first argument in place (`all.push(...added)`): give it a copy the first
      // time, so the previous state, which the step is diffed against, stays as it was.
      if (reducer && !touched.has(key)) next[key] = structuredClone(next[key]);
      next[key] = reducer ? reducer(next[key], update[key]) : update[key];
      touched.add(key);
    }
  }
  return { state: next, touched };
}
