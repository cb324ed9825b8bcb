import { crc32 } from "node:zlib";
import { journalRecord, type JournalRecord } from "../records";

/**
 * One journal line is the record's JSON with a CRC-32 of that JSON appended as its last field:
 * `{"type":"node",…,"seq":7,"crc":"1a2b3c4d"}`. Each line stays valid JSON (jq can read a journal).
 */
const CRC_FIELD = ',"crc":"';
const SUFFIX_LENGTH = CRC_FIELD.length + 8 + 2;

export function encodeLine(record: JournalRecord): string {
  const body = JSON.stringify(record);
  return `${body.slice(0, -1)}${CRC_FIELD}${hex(crc32(body))}"}`;
}

export type DecodeResult = { ok: true; record: JournalRecord } | { ok: false; reason: string };

export function decodeLine(line: string): DecodeResult {
  if (line.length <= SUFFIX_LENGTH || !line.endsWith('"}') || line.slice(-SUFFIX_LENGTH, -10) !== CRC_FIELD) {
    return { ok: false, reason: "the line has no checksum" };
  }
  const body = `${line.slice(0, -SUFFIX_LENGTH)}}`;
  if (hex(crc32(body)) !== line.slice(-10, -2)) return { ok: false, reason: "checksum mismatch" };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `invalid JSON (${(error as Error).message})` };
  }
  const parsed = journalRecord.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `unexpected record shape: ${parsed.error.issues[0]?.message ?? "invalid"}` };
  return { ok: true, record: parsed.data };
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

const CRC_FIELD_BYTES = Buffer.from(CRC_FIELD);
const CLOSE = Buffer.from("}");

/**
 * Whether a line (its bytes, without the newline) carries a matching checksum: the cheap check of a
 * whole journal, without decoding its JSON. `decodeLine` does the full check of the records it reads.
 */
export function lineChecksumOk(line: Buffer): boolean {
  const bodyEnd = line.length - SUFFIX_LENGTH;
  if (bodyEnd <= 0 || line[line.length - 1] !== 0x7d || line[line.length - 2] !== 0x22) return false;
  for (let i = 0; i < CRC_FIELD_BYTES.length; i++) if (line[bodyEnd + i] !== CRC_FIELD_BYTES[i]) return false;
  const stored = hexValue(line, line.length - 10);
  return stored !== -1 && crc32(CLOSE, crc32(line.subarray(0, bodyEnd))) === stored;
}

/** The 8 lowercase hex digits at `at` as a number, or -1 (no strings made: this runs once per record). */
function hexValue(bytes: Buffer, at: number): number {
  let value = 0;
  for (let i = at; i < at + 8; i++) {
    const c = bytes[i]!;
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}
