import { readdirSync } from "node:fs";
import { join } from "node:path";

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
export function listSegmentEpochs(dir: string): number[] {
  const epochs: number[] = [];
  for (const name of readdirSync(dir)) {
    const match = SEGMENT.exec(name);
    if (match) epochs.push(Number(match[1]));
  }
  return epochs.sort((a, b) => a - b);
}
