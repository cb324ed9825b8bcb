import { statSync } from "node:fs";
import { DurableError } from "../../errors";
import type { JournalRecord, SegmentRecord, ThreadRecord } from "../records";
import { decodeLine } from "./journalLine";
import { linesBackward, linesForward, type Line } from "./lineReader";
import { listSegmentEpochs, segmentPath } from "./threadFiles";

/** One segment of a thread's journal and the part of it that counts. */
export interface Segment {
  epoch: number;
  path: string;
  header: SegmentRecord;
  /** Records end here: the seal written by the next writer, or the file's end for the last segment. */
  end: number;
  size: number;
}

export function corrupt(path: string, offset: number, reason: string): DurableError {
  return new DurableError("STORE_CORRUPT", `${path}: bad record at byte ${offset}: ${reason}`, { file: path, offset, reason });
}

function decodeAt(path: string, offset: number, text: string): JournalRecord {
  const result = decodeLine(text);
  if (!result.ok) throw corrupt(path, offset, result.reason);
  return result.record;
}

/**
 * The journal's segments in order, each cut at its seal. Segments with no complete header (a writer
 * that died while taking over) hold nothing and are left out.
 */
export function readSegments(dir: string): Segment[] {
  const segments: Segment[] = [];
  for (const epoch of listSegmentEpochs(dir)) {
    const path = segmentPath(dir, epoch);
    const size = statSync(path).size;
    const lines = linesForward(path, 0, size, 4096);
    let first: IteratorResult<Line, { trailing: number }>;
    try {
      first = lines.next();
    } finally {
      lines.return({ trailing: 0 }); // closes the file
    }
    if (first.done) continue;
    const record = decodeAt(path, 0, first.value.text);
    if (record.type !== "segment") throw corrupt(path, 0, `a segment must start with a segment header, not "${record.type}"`);
    if (record.version > 1) {
      throw new DurableError("STORE_VERSION", `${path} was written by a newer version of Durable Graphs (journal format ${record.version})`, {
        file: path,
        version: record.version,
      });
    }
    segments.push({ epoch, path, header: record, end: size, size });
  }
  for (const segment of segments) {
    const prev = segment.header.prev;
    if (!prev) continue;
    const sealed = segments.find((s) => s.epoch === prev.epoch);
    if (sealed) sealed.end = Math.min(prev.end, sealed.size);
  }
  return segments;
}

/** A record and where it lies (kept beside the record, so records handed out carry nothing extra). */
export interface StoredRecord {
  record: JournalRecord;
  file: string;
  offset: number;
  /** The line's length in bytes, newline included. */
  bytes: number;
}

function stored(segment: Segment, line: Line): StoredRecord {
  return { record: decodeAt(segment.path, line.offset, line.text), file: segment.path, offset: line.offset, bytes: Buffer.byteLength(line.text) + 1 };
}

/** Where a record lies: enough to read on from it later without reading the journal from its start. */
export interface JournalPosition {
  file: string;
  offset: number;
  seq: number;
}

/**
 * Every record, oldest first, checked (checksum, shape, contiguous sequence numbers) as it is read.
 * With `after`, the records that follow that one — if it is still there: its line is read again and
 * must decode to the same sequence number (a thread that was reset and run again has another journal);
 * otherwise from the start.
 */
export function* recordsForward(segments: readonly Segment[], after?: JournalPosition): Generator<StoredRecord> {
  const start = after ? startAfter(segments, after) : undefined;
  let expected = start ? after!.seq + 1 : 0;
  for (let index = start?.index ?? 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const from = start && index === start.index ? start.offset : 0;
    for (const line of linesForward(segment.path, from, segment.end)) {
      const entry = stored(segment, line);
      if (entry.record.seq !== expected) throw corrupt(segment.path, line.offset, `sequence number ${entry.record.seq} where ${expected} was due`);
      expected++;
      yield entry;
    }
  }
}

function startAfter(segments: readonly Segment[], after: JournalPosition): { index: number; offset: number } | undefined {
  const index = segments.findIndex((segment) => segment.path === after.file);
  const segment = segments[index];
  if (!segment || after.offset >= segment.end) return undefined;
  const lines = linesForward(segment.path, after.offset, segment.end, 64 * 1024);
  const line = lines.next();
  lines.return({ trailing: 0 });
  if (line.done) return undefined;
  const decoded = decodeLine(line.value.text);
  if (!decoded.ok || decoded.record.seq !== after.seq) return undefined;
  return { index, offset: after.offset + Buffer.byteLength(line.value.text) + 1 };
}

/** Records from the newest back, checked likewise; stops when the caller stops. */
export function* recordsBackward(segments: readonly Segment[]): Generator<StoredRecord> {
  let expected: number | undefined;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    for (const line of linesBackward(segment.path, segment.end)) {
      const entry = stored(segment, line);
      if (expected !== undefined && entry.record.seq !== expected) {
        throw corrupt(segment.path, line.offset, `sequence number ${entry.record.seq} where ${expected} was due`);
      }
      expected = entry.record.seq - 1;
      yield entry;
    }
  }
}

/** The thread record (the first segment's second record). */
export function readThreadRecord(segments: readonly Segment[]): ThreadRecord {
  const first = segments[0];
  if (!first) throw new DurableError("STORE_CORRUPT", "the thread has no journal", {});
  const lines = linesForward(first.path, 0, first.end, 1 << 16);
  let second: IteratorResult<Line, { trailing: number }>;
  try {
    lines.next();
    second = lines.next();
  } finally {
    lines.return({ trailing: 0 }); // closes the file
  }
  if (second.done) throw corrupt(first.path, 0, "the journal ends before its thread record");
  const record = decodeAt(first.path, second.value.offset, second.value.text);
  if (record.type !== "thread") throw corrupt(first.path, second.value.offset, `expected the thread record, found "${record.type}"`);
  return record;
}
