import type { ThreadInfo } from "../checkpointStore";
import { JOURNAL_VERSION } from "../records";
import { ThreadReplay } from "../threadReplay";
import { decodeLine, decodeSingle } from "./journalLine";
import type { StoreFs } from "./storeFs";
import { segmentPath } from "./threadFiles";

/** A journal this small is read whole in one call: about the size of a short thread's (a chain of a few steps). */
export const SMALL_JOURNAL_BYTES = 16 * 1024;

/**
 * The summary of a thread that has no summary file, when its journal is one segment its owner released
 * and small enough to read in one call: a thread that ended within its first moments writes no summary
 * (see MetaWriter), and listing it costs the same one small read as reading a summary. Undefined when
 * the journal is not such a one, or anything in it is unexpected: the caller then reads it the general
 * way, which also reports damage.
 */
export function summariseSmallJournal(fs: StoreFs, dir: string, id: string, epochs: readonly number[]): ThreadInfo | undefined {
  if (epochs.length !== 1) return undefined;
  const epoch = epochs[0]!;
  const text = readSmall(fs, segmentPath(dir, epoch));
  if (text === undefined || !text.endsWith("\n")) return undefined;
  const lines = text.slice(0, -1).split("\n");
  const header = decodeSingle(lines[0]!);
  if (header?.type !== "segment" || header.epoch !== epoch || header.version > JOURNAL_VERSION || header.prev) return undefined;
  const release = decodeSingle(lines.at(-1)!);
  if (release?.type !== "release" || release.epoch !== epoch) return undefined;
  const replay = new ThreadReplay();
  let expected = 0;
  try {
    for (const line of lines) {
      const decoded = decodeLine(line, header.at);
      if (!decoded.ok) return undefined;
      for (const record of decoded.records) {
        if (record.seq !== expected++) return undefined;
        replay.apply(record);
      }
    }
  } catch {
    return undefined;
  }
  if (!replay.thread || replay.step < 0) return undefined;
  return replay.info(id, false);
}

function readSmall(fs: StoreFs, path: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.allocUnsafe(SMALL_JOURNAL_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length <= SMALL_JOURNAL_BYTES; length += read) {
      read = fs.readSync(fd, buffer, length, buffer.length - length, length);
    }
    return length > SMALL_JOURNAL_BYTES ? undefined : buffer.toString("utf8", 0, length);
  } finally {
    fs.closeSync(fd);
  }
}
