import { basename } from "node:path";
import type { JournalRepair } from "../core/store/checkpointStore";

/**
 * What cutting a torn tail did, in the words the Threads view, the run panel and the output channel
 * share. A torn tail is what a process killed mid-write leaves; cutting it loses nothing committed, but
 * the user should know the journal was touched (and which file, should they want to look).
 */
export function describeRepair(repair: Pick<JournalRepair, "file" | "bytes" | "records">): string {
  const size = `${repair.bytes} byte${repair.bytes === 1 ? "" : "s"}`;
  const cut = repair.records > 1 ? `${repair.records} incomplete records (${size}) were` : `an incomplete record of ${size} was`;
  return `Journal repaired when the thread was last opened: ${cut} cut from the end of ${basename(repair.file)}`;
}

/** The later of two repairs (the summary's, and one this window saw as a run event). */
export function latestRepair(a: JournalRepair | undefined, b: JournalRepair | undefined): JournalRepair | undefined {
  if (!a || !b) return a ?? b;
  return b.at > a.at ? b : a;
}
