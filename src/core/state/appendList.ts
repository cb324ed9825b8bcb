/**
 * A list that grows by appending without copying or re-checking what it already holds: the state value
 * of a key whose reducer is the SDK's `appendReducer` (a chat's `messages`). Each step's value is a
 * read-only *view* of the first `length` items of a shared buffer; appending pushes onto the buffer and
 * makes a new, longer view, so an older view (an earlier step's state) still shows exactly its items.
 * Views behave as arrays for reading (`Array.isArray`, indexing, `length`, iteration, `map`, JSON) and
 * refuse every change, as frozen state values do. A view appended to when it is not the buffer's newest
 * copies its items first (copy on write), so no view ever sees another's items.
 */

interface Buffer {
  items: unknown[];
}

interface ViewTarget {
  buffer: Buffer;
  length: number;
}

const views = new WeakMap<object, ViewTarget>();

/** Whether a value is an append-list view (it must not be frozen or copied item by item). */
export function isAppendView(value: unknown): boolean {
  return typeof value === "object" && value !== null && views.has(value);
}

/** The view's items as a plain array (a copy, for encoding a snapshot or handing to code that mutates). */
export function plainItems(value: unknown): unknown[] | undefined {
  const target = typeof value === "object" && value !== null ? views.get(value) : undefined;
  return target ? target.buffer.items.slice(0, target.length) : undefined;
}

/**
 * `current` with `items` appended, as a view. `items` must already be frozen. Costs the number of items
 * appended when `current` is the newest view of its buffer; otherwise (the first append of a run, or an
 * older view) the items it holds are copied once into a new buffer.
 */
export function appendItems(current: unknown, items: readonly unknown[]): unknown[] {
  const target = typeof current === "object" && current !== null ? views.get(current) : undefined;
  let buffer: Buffer;
  if (target && target.length === target.buffer.items.length) {
    buffer = target.buffer;
  } else {
    const existing = target ? target.buffer.items.slice(0, target.length) : Array.isArray(current) ? [...current] : current === undefined ? [] : [current];
    buffer = { items: existing };
  }
  for (const item of items) buffer.items.push(item);
  return makeView(buffer, buffer.items.length);
}

function makeView(buffer: Buffer, length: number): unknown[] {
  // An empty array as the target makes the view an array (Array.isArray, JSON, concat); reads go to the buffer.
  const target: unknown[] = [];
  const view = new Proxy(target, handler(buffer, length));
  views.set(view, { buffer, length });
  return view;
}

function isIndex(key: string | symbol): key is string {
  if (typeof key !== "string" || key.length === 0 || key.length > 15) return false;
  const code = key.charCodeAt(0);
  if (code < 48 || code > 57 || (code === 48 && key.length > 1)) return false;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function readOnly(): never {
  throw new TypeError("Cannot assign to read only property of the state: the list is read-only (return the items to append instead)");
}

function handler(buffer: Buffer, length: number): ProxyHandler<unknown[]> {
  return {
    get(target, key, receiver) {
      if (key === "length") return length;
      if (isIndex(key)) {
        const index = Number(key);
        return index < length ? buffer.items[index] : undefined;
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (key === "length") return true;
      if (isIndex(key)) return Number(key) < length;
      return Reflect.has(target, key);
    },
    ownKeys() {
      const keys: string[] = [];
      for (let i = 0; i < length; i++) keys.push(String(i));
      keys.push("length");
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === "length") return { value: length, writable: true, enumerable: false, configurable: false };
      if (isIndex(key) && Number(key) < length) return { value: buffer.items[Number(key)], writable: false, enumerable: true, configurable: true };
      return undefined;
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
    setPrototypeOf: readOnly,
    preventExtensions: readOnly,
  };
}

/** A state with each append-list view replaced by a plain array of its items (for encoding it whole). */
export function withPlainLists(state: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in state) {
    const items = plainItems(state[key]);
    if (items) (copy ??= { ...state })[key] = items;
  }
  return copy ?? state;
}
