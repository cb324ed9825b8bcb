import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * A cheap fingerprint of a store's threads: each thread folder's name and modification time. A thread
 * created, reset or deleted changes the list; a run's summary (meta.json, replaced by a rename) changes
 * its folder's time. One readdir and one stat per thread, no file read.
 */
export function storeSignature(storeDir: string): string {
  const threads = join(storeDir, "threads");
  let names: string[];
  try {
    names = readdirSync(threads);
  } catch {
    return ""; // no store yet
  }
  return names
    .sort()
    .map((name) => {
      try {
        return `${name}:${statSync(join(threads, name)).mtimeMs}`;
      } catch {
        return `${name}:gone`;
      }
    })
    .join("|");
}
