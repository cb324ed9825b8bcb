import { readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DurableError } from "../../errors";
import { currentProcess, isProcessAlive, type ProcessIdentity } from "./processIdentity";
import { LOCK_FILE } from "./threadFiles";

/**
 * A thread's lock file names its owner (pid, process start time, host) and the owner's epoch. The owner
 * touches the file as a heartbeat. Another process may take the thread over when the owner is dead
 * (at once) or has not beaten for the lease (a stalled process). Mutual exclusion itself comes from the
 * journal: each owner creates the segment of its epoch exclusively, and a writer whose next segment
 * exists has been fenced off.
 */
const lockSchema = z.object({
  pid: z.number().int(),
  start: z.string().nullable(),
  host: z.string(),
  epoch: z.number().int(),
  acquiredAt: z.number(),
});
export type LockOwner = z.infer<typeof lockSchema>;

export const DEFAULT_LEASE_MS = 30_000;

export function readLock(dir: string): LockOwner | undefined {
  const path = join(dir, LOCK_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return lockSchema.parse(JSON.parse(text));
  } catch (cause) {
    // A lock file is written whole by rename; an unreadable one cannot name a live owner.
    void cause;
    return undefined;
  }
}

export type LockState = { held: false } | { held: true; owner: LockOwner; stale: boolean };

/** Whether the lock is held by a live owner whose heartbeat is within the lease. */
export function lockState(dir: string, leaseMs: number): LockState {
  const owner = readLock(dir);
  if (!owner) return { held: false };
  if (!isProcessAlive(owner as ProcessIdentity)) return { held: false };
  let beat = owner.acquiredAt;
  try {
    beat = statSync(join(dir, LOCK_FILE)).mtimeMs;
  } catch {
    return { held: false };
  }
  if (Date.now() - beat > leaseMs) return { held: false };
  return { held: true, owner, stale: false };
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

export function writeLock(dir: string, epoch: number): LockOwner {
  const self = currentProcess();
  const owner: LockOwner = { pid: self.pid, start: self.start, host: self.host, epoch, acquiredAt: Date.now() };
  const path = join(dir, LOCK_FILE);
  const temp = `${path}.${self.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(owner));
  renameSync(temp, path);
  return owner;
}

/** Keeps the lease alive while the owner works; the timer never keeps the process alive by itself. */
export function startHeartbeat(dir: string, leaseMs: number): () => void {
  const path = join(dir, LOCK_FILE);
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // The lock is gone (thread deleted or taken over): the fence stops this writer at its next commit.
    }
  }, Math.max(50, Math.floor(leaseMs / 4)));
  timer.unref();
  return () => clearInterval(timer);
}

/** Removes the lock if it is still this process's for `epoch`. */
export function releaseLock(dir: string, epoch: number): void {
  const owner = readLock(dir);
  const self = currentProcess();
  if (owner && owner.epoch === epoch && owner.pid === self.pid) {
    try {
      unlinkSync(join(dir, LOCK_FILE));
    } catch {
      // already gone
    }
  }
}
