import { DurableError } from "../errors";
import type { CompiledGraph } from "../sdk/compiledGraph";
import type { StateValues } from "../sdk/types";
import { appendItems } from "../state/appendList";
import { deepFreeze, isFrozenWriteError } from "../state/deepFreeze";
import { isAppendReducer } from "../sdk/reducers";

export interface MergedStep {
  state: StateValues;
  touched: Set<string>;
  /** Keys whose reducer is `appendReducer`, with the items the step appended (already in `state`). */
  appended: Map<string, unknown[]>;
}

/**
 * The state after a step: each node's writes folded in through the key's reducer (or replacing the
 * value), in the order the step listed its nodes, so the result does not depend on which finished first.
 * Returns the keys written, the only ones that can have changed (appended keys apart, with their items). The result is frozen (only its new parts
 * cost anything), so the state a step is diffed against can never be changed behind its back.
 */
export function mergeWrites(graph: CompiledGraph, state: StateValues, writes: readonly Record<string, unknown>[]): MergedStep {
  const next: StateValues = { ...state };
  const touched = new Set<string>();
  const appended = new Map<string, unknown[]>();
  for (const update of writes) {
    for (const key in update) {
      const reducer = graph.reducers.get(key);
      if (reducer && isAppendReducer(reducer)) {
        const value = update[key];
        let items = appended.get(key);
        if (!items) appended.set(key, (items = []));
        if (Array.isArray(value)) for (const item of value) items.push(item);
        else items.push(value);
        continue;
      }
      next[key] = reducer ? reduce(key, reducer, next[key], update[key]) : update[key];
      touched.add(key);
    }
  }
  for (const key of touched) deepFreeze(next[key]);
  for (const [key, items] of appended) {
    // Only the new items are frozen and only they are added: the list's earlier items are not touched.
    for (const item of items) deepFreeze(item);
    if (items.length > 0) next[key] = appendItems(next[key], items);
  }
  return { state: Object.freeze(next), touched, appended };
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
