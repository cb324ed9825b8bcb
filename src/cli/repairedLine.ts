import { basename } from "node:path";
import type { JournalRepair } from "../core/store/checkpointStore";

/**
 * What a torn-tail repair cut, in words: said when a run opens the thread (its `repaired` event) and
 * in `show`'s header, so a cut is never silent.
 */
export function repairCut(repair: Pick<JournalRepair, "file" | "offset" | "bytes" | "records">): string {
  const what = repair.records > 1 ? `${repair.records} incomplete records` : "an incomplete record";
  return `cut ${what} (${bytes(repair.bytes)}) at byte ${repair.offset} of ${basename(repair.file)}`;
}

/** `show`'s header line for the last repair. */
export function repairedLine(repair: JournalRepair, when: string): string {
  return `repaired ${when}: ${repairCut(repair)} (a process died mid-write); nothing committed was lost`;
}

function bytes(n: number): string {
  return n === 1 ? "1 byte" : `${n} bytes`;
}
