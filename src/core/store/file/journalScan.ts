import { corrupt, type Segment } from "./journalSegments";
import { lineChecksumOk } from "./journalLine";
import type { StoreFs } from "./storeFs";

const NEWLINE = 0x0a;
const indexOf = Uint8Array.prototype.indexOf;
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

/**
 * Checks each complete line of a segment; returns how many bytes follow its last newline. The bytes of
 * a line cut by a chunk's end are moved to the buffer's start and the next chunk is read after them:
 * the journal is copied once, by the read, not a second time to join chunks.
 */
function scanSegment(fs: StoreFs, segment: Segment): number {
  const fd = fs.openSync(segment.path, "r");
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    let carried = 0;
    let lineOffset = 0;
    let position = 0;
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
      // A plain view, searched with the typed array's own indexOf: cheaper per line than Buffer's.
      const chunk = new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
      let start = 0;
      // The carried bytes hold no newline: the search starts after them.
      for (let newline = indexOf.call(chunk, NEWLINE, carried); newline !== -1; newline = indexOf.call(chunk, NEWLINE, start)) {
        if (!lineChecksumOk(chunk, start, newline)) throw corrupt(segment.path, lineOffset, "checksum mismatch");
        lineOffset += newline - start + 1;
        start = newline + 1;
      }
      carried = filled - start;
      buffer.copyWithin(0, start, filled);
    }
    return segment.end - lineOffset;
  } finally {
    fs.closeSync(fd);
  }
}
