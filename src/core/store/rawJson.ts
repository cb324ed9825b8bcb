import type { JournalRecord } from "./records";

/**
 * JSON text a caller already has — LangGraph's serializer made it — to be written into a record as it
 * is. Parsing it into values only for the journal to stringify them again cost two more passes over
 * every value (a chat's whole message list, every step). Read back, the record holds the parsed value,
 * as any other record does.
 */
export class RawJson {
  /** `text` must be one JSON value: whoever makes a RawJson vouches for it (a line that does not parse is damage). */
  constructor(readonly text: string) {}

  /** The value, for code that stringifies a record the ordinary way (the same JSON, just slower). */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** The value a stored `{ json }` holds, whether it came from the journal (parsed) or from this process (RawJson). */
export function jsonValue(json: unknown): unknown {
  return json instanceof RawJson ? JSON.parse(json.text) : json;
}

/**
 * `JSON.stringify(value)` where every RawJson inside is written as its text. Only objects that may hold
 * one are walked (plain objects and arrays); the rest goes to JSON.stringify.
 */
export function stringifyWithRaw(value: unknown): string | undefined {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? "" : ","}${stringifyWithRaw(value[i]) ?? "null"}`;
    return `${out}]`;
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype && !("toJSON" in value)) {
    let out = "{";
    let first = true;
    for (const key of Object.keys(value)) {
      const text = stringifyWithRaw((value as Record<string, unknown>)[key]);
      if (text === undefined) continue;
      out += `${first ? "" : ","}${JSON.stringify(key)}:${text}`;
      first = false;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/** A record as JSON: LangGraph.js's records may hold values already serialized (RawJson), written as they are. */
export function recordJson(record: JournalRecord): string {
  return record.type === "lg-checkpoint" || record.type === "lg-writes" ? stringifyWithRaw(record)! : JSON.stringify(record);
}
