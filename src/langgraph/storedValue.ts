import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { LgValue } from "../core/store/records";

/**
 * A value in the journal as LangGraph's serializer made it (`dumpsTyped`): plain JSON when it is
 * JSON — the CLI, the Threads view and the panel read it as it is — else its type and bytes (base64).
 */
export async function storeValue(serde: SerializerProtocol, value: unknown): Promise<LgValue> {
  const [type, bytes] = await serde.dumpsTyped(value);
  const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === "json") {
    try {
      return { json: JSON.parse(data.toString("utf8")) };
    } catch {
      // Not UTF-8 JSON after all (a custom serializer): kept as bytes, exactly.
    }
  }
  return { type, base64: data.toString("base64") };
}

/** The value back, through the same serializer (it revives LangChain objects, messages among them). */
export async function loadValue(serde: SerializerProtocol, stored: LgValue): Promise<unknown> {
  if ("json" in stored) return serde.loadsTyped("json", JSON.stringify(stored.json));
  return serde.loadsTyped(stored.type, new Uint8Array(Buffer.from(stored.base64, "base64")));
}
