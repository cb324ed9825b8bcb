import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { RawJson } from "../core/store/rawJson";
import type { LgValue } from "../core/store/records";

/**
 * A value in the journal as LangGraph's serializer made it (`dumpsTyped`): plain JSON when it is
 * JSON — the CLI, the Threads view and the panel read it as it is — else its type and bytes (base64).
 *
 * `trustedJson`: the serializer is LangGraph's own JSON one, whose "json" output is always one JSON value
 * (JSON.stringify's) or empty: its text goes into the journal as it is (RawJson), not parsed and
 * stringified again. Another serializer's "json" is parsed first: a line that does not parse would be damage.
 */
export async function storeValue(serde: SerializerProtocol, value: unknown, trustedJson = false): Promise<LgValue> {
  return storedForm(await serializeValue(serde, value), trustedJson);
}

/** A value as LangGraph's serializer makes it: its type, and its bytes (a view, not a copy). */
export interface Serialized {
  type: string;
  bytes: Buffer;
}

export async function serializeValue(serde: SerializerProtocol, value: unknown): Promise<Serialized> {
  const [type, bytes] = await serde.dumpsTyped(value);
  return { type, bytes: typeof bytes === "string" ? Buffer.from(bytes, "utf8") : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** How a serialized value is journalled (see `storeValue`). */
export function storedForm({ type, bytes }: Serialized, trustedJson: boolean): LgValue {
  if (type === "json") {
    if (trustedJson && bytes.length > 0) return { json: new RawJson(bytes.toString("utf8")) };
    try {
      return { json: JSON.parse(bytes.toString("utf8")) };
    } catch {
      // Not UTF-8 JSON after all (a custom serializer): kept as bytes, exactly.
    }
  }
  return { type, base64: bytes.toString("base64") };
}

/** The value back, through the same serializer (it revives LangChain objects, messages among them). */
export async function loadValue(serde: SerializerProtocol, stored: LgValue): Promise<unknown> {
  if ("json" in stored) return serde.loadsTyped("json", stored.json instanceof RawJson ? stored.json.text : JSON.stringify(stored.json));
  return serde.loadsTyped(stored.type, new Uint8Array(Buffer.from(stored.base64, "base64")));
}
