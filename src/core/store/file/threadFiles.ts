import { join } from "node:path";
import type { StoreFs } from "./storeFs";

/** Names of the files in one thread's directory. */
export const LOCK_FILE = "lock.json";
export const META_FILE = "meta.json";
const SEGMENT = /^journal-(\d{6,})\.ndjson$/;

export function segmentName(epoch: number): string {
  return `journal-${String(epoch).padStart(6, "0")}.ndjson`;
}

export function segmentPath(dir: string, epoch: number): string {
  return join(dir, segmentName(epoch));
}

/** The journal's segments, one per writer epoch, oldest first. */
export function listSegmentEpochs(fs: StoreFs, dir: string): number[] {
  return listThreadFiles(fs, dir).epochs;
}

/** What a thread's directory holds: its segments' epochs (oldest first), and whether it has a summary. */
export function listThreadFiles(fs: StoreFs, dir: string): { epochs: number[]; hasMeta: boolean } {
  const epochs: number[] = [];
  let hasMeta = false;
  for (const name of fs.readdirSync(dir)) {
    const match = SEGMENT.exec(name);
    if (match) epochs.push(Number(match[1]));
    else if (name === META_FILE) hasMeta = true;
  }
  return { epochs: epochs.sort((a, b) => a - b), hasMeta };
}

/**
 * A new segment is written whole under a temporary name and then linked into place, so a segment never
 * exists without its header. A writer that died in between leaves one of these behind; it is not ours
 * to read, and is removed when the thread is next taken over.
 */
export function segmentTempName(epoch: number, pid: number, nonce: string): string {
  return `.${segmentName(epoch)}.${pid}.${nonce}.tmp`;
}

export function isTempName(name: string): boolean {
  return name.startsWith(".") && name.endsWith(".tmp");
}
