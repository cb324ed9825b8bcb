import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { listSegmentEpochs } from "../../../src/core/store/file/threadFiles";
import { nodeFs } from "../../../src/core/store/file/storeFs";

/**
 * Says the owner of a thread's newest segment is gone. A test that "kills" or "powers off" a writer
 * inside its own process cannot make that process dead (a real kill does; a reboot changes the boot id
 * the owner is named with): this release marker stands for it.
 */
export function markOwnerGone(threadDir: string): void {
  const epoch = listSegmentEpochs(nodeFs, threadDir).at(-1);
  if (epoch === undefined) return;
  writeFileSync(join(threadDir, "lock.json"), JSON.stringify({ pid: process.pid, start: null, host: hostname(), epoch, acquiredAt: 0, releasedAt: Date.now() }));
}
