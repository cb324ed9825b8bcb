import * as fs from "node:fs";
import { join } from "node:path";
import { nodeFs, type StoreFs } from "../../../../src/core/store/file/storeFs";

/** Thrown by every call once the simulated power has gone. */
export class PowerLoss extends Error {
  override readonly name = "PowerLoss";
}

type Entry = { kind: "file"; id: number } | { kind: "dir"; id: number };

/**
 * A file system that remembers what a power loss would leave: each file's content as of its last
 * fsync/fdatasync, and each directory's entries as of its last fsync (a file created, renamed or removed
 * survives only once its directory is synced). `powerLoss()` rewrites the tree under `base` to exactly
 * that. Files written outside this layer (the summary, which lowdb writes) count as synced when their
 * directory is.
 *
 * `failAfter(n)` cuts the power at the n-th mutating call: that call and every later one throw
 * PowerLoss, as if the machine stopped there. Syncs are recorded, not performed: nothing here needs the
 * real disk to be durable.
 */
export class PowerLossFs implements StoreFs {
  private nextId = 1;
  /** Identity of each inode seen (creating a file gives it a new identity, linking shares it). */
  private readonly ids = new Map<number, number>();
  private readonly fileContent = new Map<number, Buffer>();
  private readonly dirEntries = new Map<number, Map<string, Entry>>();
  private readonly fds = new Map<number, string>();
  private readonly baseId: number;
  private calls = 0;
  private cutAt = Infinity;
  mutatingCalls = 0;

  /**
   * `random`, when given, lets a random part of what was appended since a file's last sync survive too
   * (the disk may have written some of it back on its own): torn tails and unsynced records appear.
   */
  constructor(
    readonly base: string,
    private readonly random?: () => number,
  ) {
    this.baseId = this.identity(base, true);
    this.dirEntries.set(this.baseId, this.snapshotDir(base));
  }

  /** The process was killed (not the power): nothing changes on disk; the recording goes on. */
  killed(): void {
    this.cutAt = Infinity;
  }

  /** Cuts the power at the n-th mutating call from now (1 = the next one). */
  failAfter(n: number): void {
    this.cutAt = this.calls + n;
  }

  get dead(): boolean {
    return this.calls >= this.cutAt;
  }

  /** A process kill, not a power loss: everything written survives. Recording starts afresh from here. */
  acceptAll(): void {
    this.ids.clear();
    this.fileContent.clear();
    this.dirEntries.clear();
    this.ids.set(fs.statSync(this.base).ino, this.baseId);
    this.dirEntries.set(this.baseId, this.snapshotTree(this.base));
    this.cutAt = Infinity;
  }

  private snapshotTree(dir: string): Map<string, Entry> {
    const entries = new Map<string, Entry>();
    for (const name of fs.readdirSync(dir)) {
      const path = join(dir, name);
      const id = this.identity(path);
      if (fs.statSync(path).isDirectory()) {
        entries.set(name, { kind: "dir", id });
        this.dirEntries.set(id, this.snapshotTree(path));
      } else {
        entries.set(name, { kind: "file", id });
        this.fileContent.set(id, fs.readFileSync(path));
      }
    }
    return entries;
  }

  /** Rewrites the tree under `base` to what survived, and starts recording afresh from there. */
  powerLoss(): void {
    const survived = this.dirEntries.get(this.baseId) ?? new Map<string, Entry>();
    if (this.random) this.keepSomeUnsynced(this.base);
    for (const name of fs.readdirSync(this.base)) fs.rmSync(join(this.base, name), { recursive: true, force: true });
    this.materialise(this.base, survived);
    this.acceptAll();
  }

  /** Extends each file's surviving content by a random part of what was appended after its last sync. */
  private keepSomeUnsynced(dir: string): void {
    for (const name of fs.readdirSync(dir)) {
      const path = join(dir, name);
      const stat = fs.statSync(path);
      if (stat.isDirectory()) {
        this.keepSomeUnsynced(path);
        continue;
      }
      const id = this.ids.get(stat.ino);
      const synced = id === undefined ? undefined : this.fileContent.get(id);
      if (!synced) continue;
      const now = fs.readFileSync(path);
      if (now.length <= synced.length || !now.subarray(0, synced.length).equals(synced)) continue;
      this.fileContent.set(id!, now.subarray(0, synced.length + Math.floor(this.random!() * (now.length - synced.length + 1))));
    }
  }

  private materialise(dir: string, entries: Map<string, Entry>): void {
    for (const [name, entry] of entries) {
      const path = join(dir, name);
      if (entry.kind === "dir") {
        fs.mkdirSync(path);
        this.materialise(path, this.dirEntries.get(entry.id) ?? new Map());
      } else {
        fs.writeFileSync(path, this.fileContent.get(entry.id) ?? Buffer.alloc(0));
      }
    }
  }

  /** The identity of what `path` names; `fresh` gives a newly created file or directory a new one. */
  private identity(path: string, fresh = false): number {
    const ino = fs.statSync(path).ino;
    let id = this.ids.get(ino);
    if (id === undefined || fresh) {
      id = this.nextId++;
      this.ids.set(ino, id);
    }
    return id;
  }

  /** A directory's entries now; files written outside this layer are taken as synced with it. */
  private snapshotDir(dir: string): Map<string, Entry> {
    const entries = new Map<string, Entry>();
    for (const name of fs.readdirSync(dir)) {
      const path = join(dir, name);
      const ino = fs.statSync(path).ino;
      const known = this.ids.has(ino);
      const id = this.identity(path);
      if (fs.statSync(path).isDirectory()) {
        entries.set(name, { kind: "dir", id });
        if (!this.dirEntries.has(id)) this.dirEntries.set(id, new Map());
      } else {
        entries.set(name, { kind: "file", id });
        if (!known) this.fileContent.set(id, fs.readFileSync(path));
      }
    }
    return entries;
  }

  /** Counts a call that changes the disk; throws once the power is gone. */
  private mutate(): void {
    this.calls++;
    this.mutatingCalls++;
    if (this.calls >= this.cutAt) throw new PowerLoss("the power went");
  }

  private sync(fd: number): void {
    this.mutate();
    // By descriptor: a file may have moved since it was opened (a new thread renamed into place).
    const stat = fs.fstatSync(fd);
    let id = this.ids.get(stat.ino);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(stat.ino, id);
    }
    if (stat.isDirectory()) {
      this.dirEntries.set(id, this.snapshotDir(this.fds.get(fd)!));
      return;
    }
    // Through /proc: the descriptor may be open for writing only.
    this.fileContent.set(id, fs.readFileSync(`/proc/self/fd/${fd}`));
  }

  openSync(path: string, flags: string): number {
    const creates = flags !== "r" && flags !== "r+";
    const existed = creates && fs.existsSync(path);
    if (creates) this.mutate();
    const fd = nodeFs.openSync(path, flags);
    this.fds.set(fd, path);
    if (creates && !existed) this.identity(path, true);
    return fd;
  }
  closeSync(fd: number): void {
    this.fds.delete(fd);
    nodeFs.closeSync(fd);
  }
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number {
    return nodeFs.readSync(fd, buffer, offset, length, position);
  }
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number {
    this.mutate();
    return nodeFs.writeSync(fd, buffer, offset, length);
  }
  fdatasyncSync(fd: number): void {
    this.sync(fd);
  }
  fsyncSync(fd: number): void {
    this.sync(fd);
  }
  ftruncateSync(fd: number, length: number): void {
    this.mutate();
    nodeFs.ftruncateSync(fd, length);
  }
  futimesSync(fd: number, atime: Date, mtime: Date): void {
    nodeFs.futimesSync(fd, atime, mtime);
  }
  statSync(path: string) {
    return nodeFs.statSync(path);
  }
  readdirSync(path: string): string[] {
    return nodeFs.readdirSync(path);
  }
  mkdirSync(path: string, options?: { recursive?: boolean }): void {
    this.mutate();
    const missing: string[] = [];
    for (let d = path; !fs.existsSync(d); d = join(d, "..")) missing.push(d);
    nodeFs.mkdirSync(path, options);
    for (const d of missing) this.identity(d, true);
  }
  renameSync(from: string, to: string): void {
    this.mutate();
    nodeFs.renameSync(from, to);
  }
  linkSync(from: string, to: string): void {
    this.mutate();
    nodeFs.linkSync(from, to);
  }
  unlinkSync(path: string): void {
    this.mutate();
    nodeFs.unlinkSync(path);
  }
  rmSync(path: string, options: { recursive: true; force: true }): void {
    this.mutate();
    nodeFs.rmSync(path, options);
  }
  existsSync(path: string): boolean {
    return nodeFs.existsSync(path);
  }
  readFileSync(path: string, encoding: "utf8"): string {
    return nodeFs.readFileSync(path, encoding);
  }
  writeFileSync(path: string, data: string): void {
    this.mutate();
    const existed = fs.existsSync(path);
    nodeFs.writeFileSync(path, data);
    if (!existed) this.identity(path, true);
  }
}
