import type { StoreFs } from "./storeFs";

const NEWLINE = 0x0a;

export interface Line {
  text: string;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

/**
 * Complete (newline-terminated) lines of `path` between byte `start` and `end`, oldest first, reading
 * fixed-size chunks so memory stays bounded however long the file is. Bytes after the last newline
 * before `end` are not returned: `trailing` reports how many there were (a torn tail).
 */
export function* linesForward(fs: StoreFs, path: string, start: number, end: number, chunkSize = 1 << 20): Generator<Line, { trailing: number }> {
  const fd = fs.openSync(path, "r");
  try {
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = start;
    let position = start;
    const buffer = Buffer.allocUnsafe(chunkSize);
    while (position < end) {
      const read = fs.readSync(fd, buffer, 0, Math.min(chunkSize, end - position), position);
      if (read === 0) break;
      const chunk = carry.length ? Buffer.concat([carry, buffer.subarray(0, read)]) : buffer.subarray(0, read);
      position += read;
      let lineStart = 0;
      for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, lineStart)) {
        yield { text: chunk.toString("utf8", lineStart, i), offset: carryOffset + lineStart };
        lineStart = i + 1;
      }
      carryOffset += lineStart;
      carry = Buffer.from(chunk.subarray(lineStart));
    }
    return { trailing: carry.length };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Complete lines of `path` before byte `end`, newest first; bytes after the last newline (a torn tail)
 * are skipped. Reads backwards in chunks, so finding the last few records of a long file is cheap.
 */
export function* linesBackward(fs: StoreFs, path: string, end: number, chunkSize = 1 << 16): Generator<Line> {
  const validEnd = lastNewlineEnd(fs, path, end);
  const fd = fs.openSync(path, "r");
  try {
    // `data` holds the bytes [base, base + data.length) not yet yielded; it ends just after a newline.
    let base = validEnd;
    let data: Buffer = Buffer.alloc(0);
    for (;;) {
      let terminator = data.length - 1;
      while (terminator > 0) {
        const previous = data.lastIndexOf(NEWLINE, terminator - 1);
        if (previous === -1) break;
        yield { text: data.toString("utf8", previous + 1, terminator), offset: base + previous + 1 };
        terminator = previous;
      }
      data = data.subarray(0, Math.max(terminator + 1, 0));
      if (base === 0) {
        if (data.length > 0) yield { text: data.toString("utf8", 0, data.length - 1), offset: 0 };
        return;
      }
      const size = Math.min(Math.max(chunkSize, data.length), base);
      const chunk = Buffer.allocUnsafe(size);
      fs.readSync(fd, chunk, 0, size, base - size);
      base -= size;
      data = Buffer.concat([chunk, data]);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Byte length of `path` up to and including its last newline at or before `end`. */
export function lastNewlineEnd(fs: StoreFs, path: string, end: number): number {
  const fd = fs.openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    let position = end;
    while (position > 0) {
      const size = Math.min(buffer.length, position);
      position -= size;
      fs.readSync(fd, buffer, 0, size, position);
      const index = buffer.subarray(0, size).lastIndexOf(NEWLINE);
      if (index !== -1) return position + index + 1;
    }
    return 0;
  } finally {
    fs.closeSync(fd);
  }
}
