import { readFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";

/**
 * Follows a child's peak resident memory (VmHWM, which only grows) until it exits, in MB. Read every
 * few milliseconds, so it can miss what the child allocates in its very last moments: a lower bound
 * that is as close as the polling allows.
 */
export function followPeakRss(child: ChildProcess, everyMs = 5): Promise<number> {
  let peakKb = 0;
  const read = () => {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // gone between two reads
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return new Promise((resolve) => {
    child.once("exit", () => {
      clearInterval(timer);
      resolve(peakKb / 1024);
    });
  });
}
