import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Identifies a process across pid reuse: its pid plus its start time (clock ticks since boot on Linux,
 * from /proc; the `ps` start time elsewhere). A lock whose pid is alive but whose start time differs
 * belongs to a dead process whose pid was reused.
 */
export interface ProcessIdentity {
  pid: number;
  start: string | null;
  host: string;
  /** The boot a Linux start time counts from: after a reboot the same pid and start time are another process. */
  boot?: string;
}

export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return null; // a zombie has finished running
    return fields[19] ?? null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && process.platform === "linux") return null;
  }
  if (process.platform === "win32") return null;
  try {
    // Required here: loading node:child_process costs ~1 ms of every start-up, and only systems
    // without /proc get this far.
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    return execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

let self: ProcessIdentity | undefined;

export function currentProcess(): ProcessIdentity {
  if (!self) {
    const boot = bootId();
    self = { pid: process.pid, start: processStartTime(process.pid), host: hostname(), ...(boot ? { boot } : {}) };
  }
  return self;
}

/** Whether this process can tell if `owner` is alive (it runs on this machine); otherwise a lease decides. */
export function isLocal(owner: ProcessIdentity): boolean {
  return owner.host === hostname();
}

/** Whether the process that `owner` names still runs (same pid and the same start time). */
export function isProcessAlive(owner: ProcessIdentity): boolean {
  if (owner.host !== hostname()) return true; // cannot tell from here: the lease decides
  const boot = currentProcess().boot;
  if (owner.boot && boot && owner.boot !== boot) return false; // the machine restarted since
  if (!isProcessRunning(owner.pid)) return false;
  const start = processStartTime(owner.pid);
  if (start === null) return owner.start === null && process.platform !== "linux";
  return owner.start === null || start === owner.start;
}

/** Whether some process with this pid runs here (for files named by their creator's pid). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
