import type { StateValues } from "../sdk/types";
import { jsonEqual } from "./jsonValue";

/**
 * One key's change between two committed states. Journals store these instead of whole states, so a
 * value that did not change is never written again and a list that grew by one item costs one item.
 * `set`: the key now holds `value`; `append`: the list gained `items` at its end; `unset`: the key is gone.
 */
export type StateChange =
  | { key: string; op: "set"; value: unknown }
  | { key: string; op: "append"; items: unknown[] }
  | { key: string; op: "unset" };

/**
 * The changes from `before` to `after`, looking only at `touched` keys (keys no node wrote cannot have
 * changed: reducers run only for written keys). Cost is proportional to the touched values, not the state.
 */
export function diffState(before: StateValues, after: StateValues, touched: Iterable<string>): StateChange[] {
  const changes: StateChange[] = [];
  for (const key of touched) {
    const previous = before[key];
    const next = after[key];
    if (Object.is(previous, next)) continue;
    if (next === undefined) {
      if (previous !== undefined) changes.push({ key, op: "unset" });
      continue;
    }
    if (Array.isArray(previous) && Array.isArray(next) && next.length >= previous.length && isPrefix(previous, next)) {
      if (next.length > previous.length) changes.push({ key, op: "append", items: next.slice(previous.length) });
      continue;
    }
    if (jsonEqual(previous, next)) continue;
    changes.push({ key, op: "set", value: next });
  }
  return changes;
}

function isPrefix(prefix: readonly unknown[], list: readonly unknown[]): boolean {
  for (let i = 0; i < prefix.length; i++) {
    if (!Object.is(prefix[i], list[i]) && !jsonEqual(prefix[i], list[i])) return false;
  }
  return true;
}

/** Applies changes to a state in place (the caller owns it and its lists) and returns it. */
export function applyChanges(state: StateValues, changes: readonly StateChange[]): StateValues {
  for (const change of changes) {
    if (change.op === "set") state[change.key] = change.value;
    else if (change.op === "unset") delete state[change.key];
    else {
      const current = state[change.key];
      if (Array.isArray(current)) for (const item of change.items) current.push(item);
      else state[change.key] = [...change.items];
    }
  }
  return state;
}
