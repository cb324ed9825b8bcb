import { corrupt, type Segment } from "./journalSegments";
import { lineChecksumOk } from "./journalLine";
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

/**
 * Checks every record's checksum in every segment, without decoding any JSON: cheap enough (a few ms per
 * megabyte) to do each time a thread is taken over, so damage anywhere in its history stops the run
 * instead of being appended to. A sealed segment must end on a complete record; the newest may end in
 * a torn tail, which is returned (it is repairable). Throws STORE_CORRUPT at the first bad record.
 */
export function scanJournal(fs: StoreFs, segments: readonly Segment[]): TornTail | undefined {
  let torn: TornTail | undefined;
  segments.forEach((segment, index) => {
    const trailing = scanSegment(fs, segment);
    if (trailing === 0) return;
    const offset = segment.end - trailing;
    if (index < segments.length - 1) throw corrupt(segment.path, offset, "the sealed segment ends in an incomplete record");
    torn = { file: segment.path, offset, bytes: trailing };
  });
  return torn;
}

/** Checks each complete line of a segment; returns how many bytes follow its last newline. */
function scanSegment(fs: StoreFs, segment: Segment): number {
  const fd = fs.openSync(segment.path, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer = Buffer.alloc(0);
    let lineOffset = 0;
    let position = 0;
    while (position < segment.end) {
      const read = fs.readSync(fd, buffer, 0, Math.min(CHUNK, segment.end - position), position);
      if (read === 0) break;
      position += read;
      const chunk = carry.length ? Buffer.concat([carry, buffer.subarray(0, read)]) : buffer.subarray(0, read);
      let start = 0;
      for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
        if (!lineChecksumOk(chunk.subarray(start, newline))) throw corrupt(segment.path, lineOffset, "checksum mismatch");
        lineOffset += newline - start + 1;
        start = newline + 1;
      }
      carry = Buffer.from(chunk.subarray(start));
    }
    return segment.end - lineOffset;
  } finally {
    fs.closeSync(fd);
  }
}
