import type { Reducer } from "./types";

/** Marks the SDK's append reducer: the executor appends in place of calling it (see state/appendList). */
const APPEND_REDUCER = Symbol.for("durable-graphs.appendReducer");

/**
 * The reducer of a list that grows: each write appends its items (an array) or itself (anything else),
 * as `(list, update) => list.concat(update)` does. Use it for a chat's `messages` and every log-like
 * list — `reducers: { messages: appendReducer }`: a step then costs the items it appends however long
 * the list is, where a reducer that copies the list costs its whole length every step.
 */
export const appendReducer: Reducer<any[], any> = Object.defineProperty(
  (current: unknown[] | undefined, update: unknown) => (current ?? []).concat(update),
  APPEND_REDUCER,
  { value: true },
);

export function isAppendReducer(reducer: unknown): boolean {
  return typeof reducer === "function" && (reducer as unknown as Record<symbol, unknown>)[APPEND_REDUCER] === true;
}
