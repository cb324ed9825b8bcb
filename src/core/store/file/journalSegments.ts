import { DurableError } from "../../errors";
import { JOURNAL_VERSION, type JournalRecord, type RunRecord, type SegmentRecord, type ThreadRecord } from "../records";
import { decodeLine } from "./journalLine";
import { linesBackward, linesForward, type Line } from "./lineReader";
import type { StoreFs } from "./storeFs";
import { listSegmentEpochs, segmentName, segmentPath } from "./threadFiles";

/** One segment of a thread's journal and the part of it that counts. */
export interface Segment {
  epoch: number;
  path: string;
  header: SegmentRecord;
  /** Records end here: the seal written by the next writer, or the file's end for the last segment. */
  end: number;
  size: number;
}

/** A thread's journal: its chain of segments, oldest first, and every segment epoch in its directory. */
export interface Journal {
  segments: Segment[];
  /** Every segment file's epoch, including superseded ones outside the chain: the next epoch is above all. */
  epochs: number[];
}

export function corrupt(path: string, offset: number, reason: string): DurableError {
  return new DurableError("STORE_CORRUPT", `${path}: bad record at byte ${offset}: ${reason}`, { file: path, offset, reason });
}

/** Damage that is not one bad record (a missing or empty segment, a short one): where it shows. */
export function damaged(path: string, offset: number, reason: string): DurableError {
  return new DurableError("STORE_CORRUPT", `${path}: damaged at byte ${offset}: ${reason}`, { file: path, offset, reason });
}

/** The records of a line (one, or a compact step's two), whose times count from `timeBase`. */
function decodeAt(path: string, offset: number, text: string, timeBase = 0): JournalRecord[] {
  const result = decodeLine(text, timeBase);
  if (!result.ok) throw corrupt(path, offset, result.reason);
  return result.records;
}

/** A line that must hold one record (a header, the thread record). */
function decodeOne(path: string, offset: number, text: string): JournalRecord {
  const records = decodeAt(path, offset, text);
  if (records.length !== 1) throw corrupt(path, offset, "a step line where a single record was due");
  return records[0]!;
}

/** A segment file and its header (its first line, which is written with the file: never missing). */
function readSegment(fs: StoreFs, dir: string, epoch: number): Segment {
  const path = segmentPath(dir, epoch);
  const size = fs.statSync(path).size;
  if (size === 0) throw damaged(path, 0, "the journal segment is empty (it is written with its header, so its content was lost)");
  const lines = linesForward(fs, path, 0, size, 4096);
  let first: IteratorResult<Line, { trailing: number }>;
  try {
    first = lines.next();
  } finally {
    lines.return({ trailing: 0 }); // closes the file
  }
  if (first.done) throw damaged(path, 0, "the journal segment has no complete header");
  const record = decodeOne(path, 0, first.value.text);
  if (record.type !== "segment") throw corrupt(path, 0, `a segment must start with a segment header, not "${record.type}"`);
  if (record.version > JOURNAL_VERSION) {
    throw new DurableError("STORE_VERSION", `${path} was written by a newer version of Durable Graphs (journal format ${record.version})`, {
      file: path,
      version: record.version,
    });
  }
  if (record.epoch !== epoch) throw corrupt(path, 0, `the header says epoch ${record.epoch}, the file name ${epoch}`);
  return { epoch, path, header: record, end: size, size };
}

/**
 * The journal's segments in order. The newest segment is the one with the highest epoch; each header
 * names the segment it continues and where that one was sealed, and the chain is followed back to the
 * first. A segment outside the chain was superseded before it held anything that counts (a writer that
 * lost a race to take the thread over) and is not read. A missing link, a segment shorter than its seal
 * or an empty segment is damage.
 */
export function readJournal(fs: StoreFs, dir: string): Journal {
  const epochs = listSegmentEpochs(fs, dir);
  const newest = epochs.at(-1);
  if (newest === undefined) throw damaged(dir, 0, "the thread's journal is missing (no journal-*.ndjson segment)");
  const chain = [readSegment(fs, dir, newest)];
  for (let link = chain[0]!.header.prev; link; link = chain.at(-1)!.header.prev) {
    const later = chain.at(-1)!;
    if (link.epoch >= later.epoch || !epochs.includes(link.epoch)) {
      throw damaged(later.path, 0, `the segment continues ${segmentName(link.epoch)}, which is missing`);
    }
    const sealed = readSegment(fs, dir, link.epoch);
    if (link.end > sealed.size) {
      throw damaged(sealed.path, sealed.size, `the segment is ${sealed.size} bytes long but was sealed at byte ${link.end}: its end is missing`);
    }
    sealed.end = link.end;
    chain.push(sealed);
  }
  return { segments: chain.reverse(), epochs };
}

/** The journal's segments in order (see `readJournal`). */
export function readSegments(fs: StoreFs, dir: string): Segment[] {
  return readJournal(fs, dir).segments;
}

/**
 * Reading forward goes in chunks of this size: big enough for few system calls, small enough that a
 * reader paging through a long journal (`show`, the run panel) keeps little memory in flight.
 */
const READ_CHUNK = 64 * 1024;

/** A record and where it lies (kept beside the record, so records handed out carry nothing extra). */
export interface StoredRecord {
  record: JournalRecord;
  file: string;
  /** Where its line starts (a compact step's two records share one). */
  offset: number;
  /** The line's length in bytes, newline included; counted once, with the line's last record (0 for the others). */
  bytes: number;
}

function stored(segment: Segment, line: Line): StoredRecord[] {
  const records = decodeAt(segment.path, line.offset, line.text, segment.header.at);
  const bytes = Buffer.byteLength(line.text) + 1;
  return records.map((record, index) => ({ record, file: segment.path, offset: line.offset, bytes: index === records.length - 1 ? bytes : 0 }));
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
export function* recordsForward(fs: StoreFs, segments: readonly Segment[], after?: JournalPosition): Generator<StoredRecord> {
  const start = after ? startAfter(fs, segments, after) : undefined;
  let expected = start ? after!.seq + 1 : 0;
  for (let index = start?.index ?? 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const from = start && index === start.index ? start.offset : 0;
    for (const line of linesForward(fs, segment.path, from, segment.end, READ_CHUNK)) {
      for (const entry of stored(segment, line)) {
        // Resuming inside a compact step's line: its records up to `after` were handed out already.
        if (start && entry.record.seq < expected && line.offset === start.offset && index === start.index) continue;
        if (entry.record.seq !== expected) throw corrupt(segment.path, line.offset, `sequence number ${entry.record.seq} where ${expected} was due`);
        expected++;
        yield entry;
      }
    }
  }
}

/**
 * Where to read on after `after`: the line after its own, or its own line again when a record of the
 * same line (a compact step's checkpoint) follows it. Undefined when its line is no longer there as it was.
 */
function startAfter(fs: StoreFs, segments: readonly Segment[], after: JournalPosition): { index: number; offset: number } | undefined {
  const index = segments.findIndex((segment) => segment.path === after.file);
  const segment = segments[index];
  if (!segment || after.offset >= segment.end) return undefined;
  const lines = linesForward(fs, segment.path, after.offset, segment.end, 64 * 1024);
  const line = lines.next();
  lines.return({ trailing: 0 });
  if (line.done) return undefined;
  const decoded = decodeLine(line.value.text, segment.header.at);
  if (!decoded.ok) return undefined;
  const position = decoded.records.findIndex((record) => record.seq === after.seq);
  if (position === -1) return undefined;
  if (position < decoded.records.length - 1) return { index, offset: after.offset };
  return { index, offset: after.offset + Buffer.byteLength(line.value.text) + 1 };
}

/** Records from the newest back, checked likewise; stops when the caller stops. */
export function* recordsBackward(fs: StoreFs, segments: readonly Segment[]): Generator<StoredRecord> {
  let expected: number | undefined;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    for (const line of linesBackward(fs, segment.path, segment.end)) {
      const entries = stored(segment, line);
      for (let j = entries.length - 1; j >= 0; j--) {
        const entry = entries[j]!;
        if (expected !== undefined && entry.record.seq !== expected) {
          throw corrupt(segment.path, line.offset, `sequence number ${entry.record.seq} where ${expected} was due`);
        }
        expected = entry.record.seq - 1;
        yield entry;
      }
    }
  }
}

/** The thread record (the first segment's second record). */
export function readThreadRecord(fs: StoreFs, segments: readonly Segment[]): ThreadRecord {
  const first = segments[0];
  if (!first) throw new DurableError("STORE_CORRUPT", "the thread has no journal", {});
  const lines = linesForward(fs, first.path, 0, first.end, 1 << 16);
  let second: IteratorResult<Line, { trailing: number }>;
  try {
    lines.next();
    second = lines.next();
  } finally {
    lines.return({ trailing: 0 }); // closes the file
  }
  if (second.done) throw corrupt(first.path, 0, "the journal ends before its thread record");
  const record = decodeOne(first.path, second.value.offset, second.value.text);
  if (record.type !== "thread") throw corrupt(first.path, second.value.offset, `expected the thread record, found "${record.type}"`);
  return record;
}

/** How far into a segment its run record can be: after the header (and, in a thread's first, its identity and step 0). */
const RUN_RECORD_WITHIN = 6;

/**
 * The last run record: each run writes its own segment and records itself among that segment's first
 * lines, so only the heads of the newest segments are read (newest first), never the history.
 */
export function readLastRunRecord(fs: StoreFs, segments: readonly Segment[]): RunRecord | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    const lines = linesForward(fs, segment.path, 0, segment.end, 1 << 14);
    try {
      for (let n = 0; n < RUN_RECORD_WITHIN; n++) {
        const next = lines.next();
        if (next.done) break;
        for (const record of decodeAt(segment.path, next.value.offset, next.value.text, segment.header.at)) {
          if (record.type === "run") return record;
        }
      }
    } finally {
      lines.return({ trailing: 0 });
    }
  }
  return undefined;
}
