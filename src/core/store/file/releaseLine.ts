import type { ReleaseRecord } from "../records";
import { decodeSingle } from "./journalLine";
import type { StoreFs } from "./storeFs";

/** A release line is about 100 bytes: this much of a segment's end always holds the last one whole. */
const PROBE_BYTES = 512;

/**
 * The release record of `epoch` that ends the segment at `path` (its bytes up to `end`), and where its
 * line starts; undefined when the segment's last line is anything else (its owner is still writing, or
 * died), or the file cannot be read. The lock (is the thread free?) and the scan (the segment's
 * checksum, which the release carries) both ask.
 */
export function releaseAtEnd(fs: StoreFs, path: string, end: number, epoch: number): { record: ReleaseRecord; offset: number } | undefined {
  const length = Math.min(end, PROBE_BYTES);
  const bytes = Buffer.allocUnsafe(length);
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    if (fs.readSync(fd, bytes, 0, length, end - length) !== length) return undefined;
  } finally {
    fs.closeSync(fd);
  }
  if (length === 0 || bytes[length - 1] !== 0x0a) return undefined;
  const start = bytes.lastIndexOf(0x0a, length - 2) + 1;
  if (start === 0 && length === PROBE_BYTES) return undefined; // the line may begin before what was read
  const record = decodeSingle(bytes.toString("utf8", start, length - 1));
  if (record?.type !== "release" || record.epoch !== epoch) return undefined;
  return { record, offset: end - length + start };
}
