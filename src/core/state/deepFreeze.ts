import { isAppendView } from "./appendList";

/**
 * Freezes a JSON value and everything inside it, stopping at parts already frozen. State values are
 * frozen as they enter the state, so a node or reducer that changes one in place fails loudly instead of
 * silently changing the state a step is diffed against. The cost is the size of what is new. An append
 * list's view is read-only already and its items were frozen as they were appended.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value) || isAppendView(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
  } else {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Whether an error is JavaScript refusing to change a frozen object. */
export function isFrozenWriteError(error: unknown): boolean {
  return error instanceof TypeError && /read[- ]only|not extensible|Cannot assign|Cannot add property|Cannot delete property|object is frozen/i.test(error.message);
}
