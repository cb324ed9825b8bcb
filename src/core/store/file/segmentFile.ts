import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { join } from "node:path";
import { JOURNAL_FORMAT, JOURNAL_VERSION, type SegmentRecord } from "../records";
import { encodeLine } from "./journalLine";
import { currentProcess, isProcessRunning } from "./processIdentity";
import { syncDirectory, writeAll, type StoreFs } from "./storeFs";
import { isTempName, segmentPath, segmentTempName } from "./threadFiles";

export type Durability = "process" | "fsync";

/** The header that opens the segment of `epoch`, naming this process as the thread's owner. */
export function segmentHeader(seq: number, epoch: number, prev?: SegmentRecord["prev"]): SegmentRecord {
  const { pid, start, host, boot } = currentProcess();
  return {
    seq,
    type: "segment",
    format: JOURNAL_FORMAT,
    version: JOURNAL_VERSION,
    epoch,
    at: Date.now(),
    ...(prev ? { prev } : {}),
    owner: { pid, start, host, ...(boot ? { boot } : {}) },
  };
}

/**
 * Creates the segment of `epoch` with its header already in it, or returns undefined if that segment
 * exists (another process took the epoch first). The header is written to a temporary file, synced in
 * fsync mode, and linked into place: the segment appears whole or not at all, so no reader ever sees a
 * segment without its header, and only one process can create it. In fsync mode the directory is synced
 * too, so the new segment survives a power loss. Returns the segment opened for appending, and the
 * CRC-32 of its header line (its writer carries the segment's checksum on from there).
 */
export function createSegment(fs: StoreFs, dir: string, header: SegmentRecord, durability: Durability): { fd: number; sum: number } | undefined {
  const temp = join(dir, segmentTempName(header.epoch, process.pid, randomBytes(4).toString("hex")));
  const fd = fs.openSync(temp, "wx");
  const line = Buffer.from(`${encodeLine(header)}\n`);
  let linked = false;
  try {
    writeAll(fs, fd, line);
    if (durability === "fsync") fs.fdatasyncSync(fd);
    try {
      fs.linkSync(temp, segmentPath(dir, header.epoch));
      linked = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  } finally {
    fs.closeSync(fd);
    fs.unlinkSync(temp);
  }
  if (!linked) return undefined;
  if (durability === "fsync") syncDirectory(fs, dir);
  return { fd: fs.openSync(segmentPath(dir, header.epoch), "a"), sum: crc32(line) };
}

/** Removes temporary segment files of writers that died before linking them. */
export function removeStaleTemps(fs: StoreFs, dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (!isTempName(name) || !name.startsWith(".journal-")) continue;
    const pid = Number(name.split(".").at(-3));
    if (!Number.isInteger(pid) || isProcessRunning(pid)) continue; // maybe about to link it
    try {
      fs.unlinkSync(join(dir, name));
    } catch {
      // another process cleaned it
    }
  }
}

