import { join } from "node:path";
import { z } from "zod";
import { DurableError } from "../../errors";
import type { Segment } from "./journalSegments";
import { currentProcess, hostProbe, isLocal, isProcessAlive, type ProcessIdentity, type ProcessProbe } from "./processIdentity";
import { releaseAtEnd } from "./releaseLine";
import type { StoreFs } from "./storeFs";
import { LOCK_FILE } from "./threadFiles";

/**
 * Who holds a thread. The writer of the journal's newest segment owns the thread — its header names the
 * process — until it releases it (a release record ends its segment) or dies. A new owner takes
 * the thread by creating the next segment, which only one process can do (the file is linked into place
 * whole, and linking fails if it exists): that is the mutual exclusion, and it also fences the previous
 * owner, which checks before each append that no later segment exists.
 *
 * A process on this machine is judged alive by its pid and start time, never by a missed heartbeat, so a
 * live owner whose event loop is blocked is never taken over. Only an owner whose liveness cannot be
 * checked from here — on another host (a shared network store), or on Windows, where a live pid's start
 * time cannot be read — is judged by a lease: its segment's modification time, which it touches as a
 * heartbeat.
 */
const lockSchema = z.object({
  pid: z.number().int(),
  start: z.string().nullable(),
  host: z.string(),
  boot: z.string().optional(),
  epoch: z.number().int(),
  acquiredAt: z.number(),
  /** Set when the owner of `epoch` let the thread go. Absent in locks of earlier versions, which held until removed. */
  releasedAt: z.number().optional(),
});
export type LockFile = z.infer<typeof lockSchema>;

/** The owner of a held thread, as reported to whoever was refused. */
export interface LockOwner {
  pid: number;
  host: string;
  epoch: number;
  acquiredAt: number;
}

export const DEFAULT_LEASE_MS = 30_000;

export function readLock(fs: StoreFs, dir: string): LockFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(join(dir, LOCK_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = lockSchema.safeParse(safeJson(text));
  // Written whole by rename: an unreadable lock file names nobody (the segment header does).
  return parsed.success ? parsed.data : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type LockState = { held: false } | { held: true; owner: LockOwner };

/** Whether the writer of `newest` (the journal's newest segment) still holds the thread. */
export function lockState(fs: StoreFs, dir: string, newest: Segment, leaseMs: number, probe: ProcessProbe = hostProbe): LockState {
  if (releasedInJournal(fs, newest)) return { held: false };
  // Stores of an earlier version said so in lock.json.
  const lock = readLock(fs, dir);
  const marker = lock?.epoch === newest.epoch ? lock : undefined;
  if (marker?.releasedAt !== undefined) return { held: false };
  const identity: ProcessIdentity | undefined = newest.header.owner ?? marker;
  // A segment of an earlier version names no owner; its lock file did, and was removed on release.
  if (!identity) return { held: false };
  const owner: LockOwner = { pid: identity.pid, host: identity.host, epoch: newest.epoch, acquiredAt: marker?.acquiredAt ?? newest.header.at };
  if (isLocal(identity)) {
    const alive = isProcessAlive(identity, probe);
    if (alive !== undefined) return alive ? { held: true, owner } : { held: false };
    // Its pid runs, but whether it is the same process cannot be told here (Windows): the lease decides.
  }
  let beat: number;
  try {
    beat = fs.statSync(newest.path).mtimeMs;
  } catch {
    return { held: false };
  }
  return Date.now() - beat > leaseMs ? { held: false } : { held: true, owner };
}

/** Whether the newest segment, as it is now (it may have grown since it was listed), ends with its owner's release. */
function releasedInJournal(fs: StoreFs, newest: Segment): boolean {
  let size: number;
  try {
    size = fs.statSync(newest.path).size;
  } catch {
    return false;
  }
  return releaseAtEnd(fs, newest.path, size, newest.epoch) !== undefined;
}

export function lockedError(thread: string, owner: LockOwner): DurableError {
  const self = currentProcess();
  const where = owner.host === self.host ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
  return new DurableError("THREAD_LOCKED", `thread ${thread} is being run by ${where} (since ${new Date(owner.acquiredAt).toISOString()})`, {
    thread,
    pid: owner.pid,
    host: owner.host,
    since: owner.acquiredAt,
  });
}

/**
 * Touches the owner's segment now and then, so a process on another host sharing the store can tell it
 * is alive. The timer never keeps the process alive by itself.
 */
export function startHeartbeat(fs: StoreFs, fd: number, leaseMs: number): () => void {
  const timer = setInterval(() => {
    try {
      const now = new Date();
      fs.futimesSync(fd, now, now);
    } catch {
      // The fence, checked before every append, is what stops a writer that lost the thread.
    }
  }, Math.max(50, Math.floor(leaseMs / 4)));
  timer.unref();
  return () => clearInterval(timer);
}
