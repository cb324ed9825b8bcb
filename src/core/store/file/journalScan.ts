import { crc32 } from "node:zlib";
import { corrupt, type Segment } from "./journalSegments";
import { lineChecksumOk } from "./journalLine";
import { releaseAtEnd } from "./releaseLine";
import type { StoreFs } from "./storeFs";

const NEWLINE = 0x0a;
const CHUNK = 1 << 20;

/** Bytes after the last complete record of the newest segment: what a process killed mid-write leaves. */
export interface TornTail {
  file: string;
  /** Where the incomplete record starts. */
  offset: number;
  bytes: number;
}

export interface JournalScan {
  torn?: TornTail;
  /** CRC-32 of the newest segment's complete records (up to the torn tail): the next segment's header seals it with this. */
  newestSum: number;
}

/**
 * Checks every byte of every segment against a checksum, without decoding any JSON: cheap enough to do
 * each time a thread is taken over, so damage anywhere in its history stops the run instead of being
 * appended to. A segment whose whole checksum is known — a sealed one, from its successor's header; the
 * newest, from its owner's release record — is checked with one CRC-32 over its bytes (a fraction of a
 * ms per MB); any other (its owner died) record by record, with each line's own checksum. A mismatch of
 * a whole segment is then located record by record, so the error names the offset. A sealed segment
 * must end on a complete record; the newest may end in a torn tail, which is returned (it is
 * repairable). Throws STORE_CORRUPT at the first bad record; where every record is sound but the
 * segment is not the one its checksum covers, `locate` is called first to throw a more precise error.
 */
export function scanJournal(fs: StoreFs, segments: readonly Segment[], locate: () => void = () => undefined): JournalScan {
  let torn: TornTail | undefined;
  let newestSum = 0;
  segments.forEach((segment, index) => {
    const newest = index === segments.length - 1;
    const successor = segments[index + 1]?.header.prev;
    const known = newest ? releasedSum(fs, segment) : successor?.sum === undefined ? undefined : { sum: successor.sum, at: segment.end };
    if (known) {
      const sum = segmentSum(fs, segment, 0, known.at, 0);
      if (sum === known.sum) {
        // The release line itself (not covered by the sum it carries) was checked when it was read.
        if (newest) newestSum = segmentSum(fs, segment, known.at, segment.end, sum);
        return;
      }
    }
    const { trailing, sum } = scanSegment(fs, segment);
    // Every line is sound, yet the bytes are not those the checksum covered: whole records were removed,
    // added or moved. `locate` (reading the records) names the first that is out of place, if it can.
    if (known) {
      locate();
      throw corrupt(segment.path, 0, "the segment's records are not the ones its checksum covers (records were removed, added or moved)");
    }
    newestSum = sum;
    if (trailing === 0) return;
    const offset = segment.end - trailing;
    if (!newest) throw corrupt(segment.path, offset, "the sealed segment ends in an incomplete record");
    torn = { file: segment.path, offset, bytes: trailing };
  });
  return { newestSum, ...(torn ? { torn } : {}) };
}

/**
 * The checksum the newest segment's release record gives for the bytes before it, and where it starts;
 * undefined when the segment does not end with its owner's release (the owner died, or the journal is
 * older than release checksums).
 */
function releasedSum(fs: StoreFs, segment: Segment): { sum: number; at: number } | undefined {
  const release = releaseAtEnd(fs, segment.path, segment.end, segment.epoch);
  return release?.record.sum === undefined ? undefined : { sum: release.record.sum, at: release.offset };
}

/** CRC-32 of the segment's bytes [from, to), continuing `sum` (the CRC of the bytes before `from`): one call per chunk read. */
function segmentSum(fs: StoreFs, segment: Segment, from: number, to: number, sum: number): number {
  const end = to;
  const fd = fs.openSync(segment.path, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(end - from, 1)));
    for (let position = from; position < end; ) {
      const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, end - position), position);
      if (read === 0) return -1; // shorter than its seal: not the bytes the sum covered
      sum = crc32(buffer.subarray(0, read), sum);
      position += read;
    }
    return sum;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Checks each complete line of a segment; returns how many bytes follow its last newline and the
 * CRC-32 of the complete lines. The bytes of a line cut by a chunk's end are moved to the buffer's
 * start and the next chunk is read after them: the journal is copied once, by the read, not a second
 * time to join chunks.
 */
function scanSegment(fs: StoreFs, segment: Segment): { trailing: number; sum: number } {
  const fd = fs.openSync(segment.path, "r");
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    let carried = 0;
    let lineOffset = 0;
    let position = 0;
    let sum = 0;
    while (position < segment.end) {
      if (carried === buffer.length) {
        // One line longer than the buffer (a big snapshot): make room for it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
      }
      const read = fs.readSync(fd, buffer, carried, Math.min(buffer.length - carried, segment.end - position), position);
      if (read === 0) break;
      position += read;
      const filled = carried + read;
      const chunk = buffer.subarray(0, filled);
      let start = 0;
      // The carried bytes hold no newline: the search starts after them.
      for (let newline = chunk.indexOf(NEWLINE, carried); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
        if (!lineChecksumOk(chunk, start, newline)) throw corrupt(segment.path, lineOffset, "checksum mismatch");
        lineOffset += newline - start + 1;
        start = newline + 1;
      }
      if (start > 0) sum = crc32(chunk.subarray(0, start), sum);
      carried = filled - start;
      buffer.copyWithin(0, start, filled);
    }
    return { trailing: segment.end - lineOffset, sum };
  } finally {
    fs.closeSync(fd);
  }
}
