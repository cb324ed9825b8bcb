import { DurableError } from "../errors";
import type { CompiledGraph } from "../sdk/compiledGraph";
import type { StateValues } from "../sdk/types";
import { deepFreeze, isFrozenWriteError } from "../state/deepFreeze";

/**
 * The state after a step: each node's writes folded in through the key's reducer (or replacing the
 * value), in the order the step listed its nodes, so the result does not depend on which finished first.
 * Returns the keys written, the only ones that can have changed. The result is frozen (only its new parts
 * cost anything), so the state a step is diffed against can never be changed behind its back.
 */
export function mergeWrites(graph: CompiledGraph, state: StateValues, writes: readonly Record<string, unknown>[]): { state: StateValues; touched: Set<string> } {
  const next: StateValues = { ...state };
  const touched = new Set<string>();
  for (const update of writes) {
    for (const key in update) {
      const reducer = graph.reducers.get(key);
      next[key] = reducer ? reduce(key, reducer, next[key], update[key]) : update[key];
      touched.add(key);
    }
  }
  for (const key of touched) deepFreeze(next[key]);
  return { state: Object.freeze(next), touched };
}

function reduce(key: string, reducer: (current: unknown, update: unknown) => unknown, current: unknown, update: unknown): unknown {
  try {
    return reducer(current, update);
  } catch (error) {
    const inPlace = isFrozenWriteError(error);
    throw new DurableError(
      "REDUCER_FAILED",
      inPlace
        ? `the reducer of "${key}" changed the current value in place; return a new value instead, e.g. (current, update) => current.concat(update)`
        : `the reducer of "${key}" threw: ${error instanceof Error ? error.message : String(error)}`,
      { key },
      { cause: error },
    );
  }
}
