import { DurableError } from "../core/errors";
import { RawJson } from "../core/store/rawJson";
import type { LgAppend, LgValue } from "../core/store/records";

/** Below this many bytes a list is stored whole: its appended items would save next to nothing, and whole it reads at a glance. */
const MIN_LIST_BYTES = 256;

/**
 * The items `next` appends to `previous`, as the JSON text of an array, when `next` is exactly `previous`
 * with items added at its end; else undefined. Both are JSON.stringify's output (no spaces), bytes as
 * LangGraph's serializer gives them. `previous` without its closing `]` is a whole run of complete
 * elements, so a `next` that starts with it and goes on with a `,` holds those same elements first.
 * Compared as bytes: no parsing, and the list's text is never decoded again.
 */
export function appendedItems(previous: Uint8Array, next: Uint8Array): string | undefined {
  const open = previous.length - 1;
  if (previous.length < MIN_LIST_BYTES || next.length <= previous.length || previous[0] !== 0x5b || previous[open] !== 0x5d || next[open] !== 0x2c) return undefined;
  if (Buffer.compare(Buffer.from(previous.buffer, previous.byteOffset, open), Buffer.from(next.buffer, next.byteOffset, open)) !== 0) return undefined;
  return `[${Buffer.from(next.buffer, next.byteOffset + previous.length, next.length - previous.length).toString("utf8")}`;
}

/** A list stored whole, followed by the items appended to it version after version: the whole list again. */
export function appendToJsonList(base: Extract<LgValue, { json: unknown }>, appended: LgAppend[]): LgValue {
  let text = base.json instanceof RawJson ? base.json.text : JSON.stringify(base.json);
  if (!text.startsWith("[")) throw new DurableError("STORE_CORRUPT", "a channel's stored items are appended to a value that is not a list", {});
  for (const { append } of appended) {
    const items = append instanceof RawJson ? append.text : JSON.stringify(append);
    if (items.length <= 2) continue; // "[]"
    text = text.length <= 2 ? items : `${text.slice(0, -1)},${items.slice(1)}`;
  }
  return { json: new RawJson(text) };
}
