import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Identifies a process across pid reuse: its pid plus its start time (clock ticks since boot on Linux,
 * from /proc; `ps`'s start time on macOS and the BSDs). Windows offers no cheap way to read another
 * process's start time (a PowerShell round trip costs a third of a second), so there a local owner
 * whose pid runs is judged by its heartbeat lease, as an owner on another host is.
 */
export interface ProcessIdentity {
  pid: number;
  start: string | null;
  host: string;
  /** The boot a Linux start time counts from: after a reboot the same pid and start time are another process. */
  boot?: string;
}

/** What identity checks ask of the system: injectable, so each platform's path is tested on any. */
export interface ProcessProbe {
  platform: NodeJS.Platform;
  /** Reads a /proc file (throws where there is none). */
  readProc(path: string): string;
  /** `ps -o lstart= -p PID`'s output (throws where `ps` is missing or the pid is gone). */
  psStart(pid: number): string;
  /** Whether some process with this pid runs (signal 0). */
  running(pid: number): boolean;
}

export const hostProbe: ProcessProbe = {
  platform: process.platform,
  readProc: (path) => readFileSync(path, "utf8"),
  psStart: (pid) => {
    // Required here: loading node:child_process costs ~1 ms of every start-up, and only systems
    // without /proc get this far.
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    return execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], windowsHide: true });
  },
  running: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  },
};

/** The process's start time, or null when it is gone, a zombie, or the platform cannot say (Windows). */
export function processStartTime(pid: number, probe: ProcessProbe = hostProbe): string | null {
  if (probe.platform === "win32") return null;
  try {
    const stat = probe.readProc(`/proc/${pid}/stat`);
    // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return null; // a zombie has finished running
    return fields[19] ?? null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && probe.platform === "linux") return null;
  }
  try {
    return probe.psStart(pid).trim() || null;
  } catch {
    return null;
  }
}

function bootId(probe: ProcessProbe): string | undefined {
  try {
    return probe.readProc("/proc/sys/kernel/random/boot_id").trim() || undefined;
  } catch {
    return undefined;
  }
}

let self: ProcessIdentity | undefined;

export function currentProcess(): ProcessIdentity {
  if (!self) self = identify(process.pid, hostname(), hostProbe);
  return self;
}

/** The identity a process with `pid` on this host records for itself. */
export function identify(pid: number, host: string, probe: ProcessProbe): ProcessIdentity {
  const boot = bootId(probe);
  return { pid, start: processStartTime(pid, probe), host, ...(boot ? { boot } : {}) };
}

/** Whether this process can tell if `owner` is alive (it runs on this machine); otherwise a lease decides. */
export function isLocal(owner: ProcessIdentity): boolean {
  return owner.host === hostname();
}

/**
 * Whether the process that `owner` names still runs here: true (the same pid with the same start time),
 * false (no such pid, another start time, a zombie, or the machine restarted), or undefined when the pid
 * runs but the platform cannot tell whether it is the same process (Windows): then the lease decides.
 */
export function isProcessAlive(owner: ProcessIdentity, probe: ProcessProbe = hostProbe, self: ProcessIdentity = currentProcess()): boolean | undefined {
  if (owner.boot && self.boot && owner.boot !== self.boot) return false; // the machine restarted since
  if (!probe.running(owner.pid)) return false;
  const start = processStartTime(owner.pid, probe);
  // Linux: no start time means gone or a zombie. Elsewhere `ps` may fail for a live process: ask the lease.
  if (start === null) return probe.platform === "linux" ? false : undefined;
  return owner.start === null ? undefined : start === owner.start;
}

/** Whether some process with this pid runs here (for files named by their creator's pid). */
export function isProcessRunning(pid: number): boolean {
  return hostProbe.running(pid);
}
