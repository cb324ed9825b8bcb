import { crc32 } from "node:zlib";
import { journalRecord, type JournalRecord } from "../records";
import { compactStep, expandStep } from "./compactStep";

/**
 * One journal line is a JSON object with a CRC-32 of that JSON appended as its last field:
 * `{"type":"run",…,"seq":7,"crc":"1a2b3c4d"}`. Each line stays valid JSON (jq can read a journal).
 * A line holds one record, or (format 2) a single-node step's node record and checkpoint together in
 * the compact form of `compactStep`, whose times count from the segment's header (`timeBase`).
 */
const CRC_FIELD = ',"crc":"';
const SUFFIX_LENGTH = CRC_FIELD.length + 8 + 2;

/** One line per record, but one for a node record followed by the checkpoint of its single-node step. */
export function encodeLines(records: readonly JournalRecord[], timeBase: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const following = records[i + 1];
    if (record.type === "node" && following?.type === "checkpoint") {
      const compact = compactStep(record, following, timeBase);
      if (compact) {
        lines.push(withChecksum(JSON.stringify(compact)));
        i++;
        continue;
      }
    }
    lines.push(encodeLine(record));
  }
  return lines;
}

export function encodeLine(record: JournalRecord): string {
  return withChecksum(JSON.stringify(record));
}

function withChecksum(body: string): string {
  return `${body.slice(0, -1)}${CRC_FIELD}${hex(crc32(body))}"}`;
}

export type DecodeResult = { ok: true; records: JournalRecord[] } | { ok: false; reason: string };

/** The records of one line (see `encodeLines`); `timeBase` is the time in its segment's header. */
export function decodeLine(line: string, timeBase = 0): DecodeResult {
  if (line.length <= SUFFIX_LENGTH || !line.endsWith('"}') || line.slice(-SUFFIX_LENGTH, -10) !== CRC_FIELD) {
    return { ok: false, reason: "the line has no checksum" };
  }
  const body = `${line.slice(0, -SUFFIX_LENGTH)}}`;
  if (crc32(body) !== hexValueOf(line, line.length - 10)) return { ok: false, reason: "checksum mismatch" };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `invalid JSON (${(error as Error).message})` };
  }
  if (typeof value === "object" && value !== null && "q" in value) return expandStep(value, timeBase);
  const parsed = journalRecord.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `unexpected record shape: ${parsed.error.issues[0]?.message ?? "invalid"}` };
  return { ok: true, records: [parsed.data] };
}

/** The one record of a line that must hold a single record (a header, a release), or undefined. */
export function decodeSingle(line: string): JournalRecord | undefined {
  const decoded = decodeLine(line);
  return decoded.ok && decoded.records.length === 1 ? decoded.records[0] : undefined;
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

const CRC_FIELD_BYTES = Buffer.from(CRC_FIELD);
const CLOSE = 0x7d;

/** CRC-32 lookup table (the polynomial zlib uses), to extend a checksum by one byte without another call. */
const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** `crc32(byte, crc)`: the checksum of the bytes `crc` covers followed by `byte`. */
function crcWithByte(crc: number, byte: number): number {
  const c = ~crc;
  return ~(CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8)) >>> 0;
}

/**
 * Whether the line at `bytes[start, end)` (without its newline) carries a matching checksum: the cheap
 * check of a whole journal, without decoding its JSON. `decodeLine` does the full check of the records
 * it reads. Works on the chunk in place: the journal scan calls it once per line.
 */
export function lineChecksumOk(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  const bodyEnd = end - SUFFIX_LENGTH;
  if (bodyEnd <= start || bytes[end - 1] !== 0x7d || bytes[end - 2] !== 0x22) return false;
  for (let i = 0; i < CRC_FIELD_BYTES.length; i++) if (bytes[bodyEnd + i] !== CRC_FIELD_BYTES[i]) return false;
  const stored = hexValue(bytes, end - 10);
  return stored !== -1 && crcWithByte(crc32(bytes.subarray(start, bodyEnd)), CLOSE) === stored;
}

/** The 8 lowercase hex digits of `text` at `at` as a number, or -1 (as `hexValue`, for a decoded line). */
function hexValueOf(text: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 8; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** The 8 lowercase hex digits at `at` as a number, or -1 (no strings made: this runs once per record). */
function hexValue(bytes: Uint8Array, at: number): number {
  let value = 0;
  for (let i = at; i < at + 8; i++) {
    const digit = hexDigit(bytes[i]!);
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function hexDigit(c: number): number {
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
}
