import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { DurableError, isDurableError } from "../../errors";
import { validateId } from "../../ids";
import type { CheckpointStore, CheckpointView, HistoryPage, NewThread, OpenOptions, ThreadInfo, ThreadWriter, VerifyReport } from "../checkpointStore";
import { JOURNAL_FORMAT, JOURNAL_VERSION, type CheckpointRecord, type JournalRecord, type SegmentRecord, type ThreadRecord } from "../records";
import { SnapshotPolicy } from "../snapshotPolicy";
import { pageOptions } from "../historyPage";
import { ThreadReplay } from "../threadReplay";
import { newThreadResume } from "../threadWriterBase";
import { FileThreadWriter, type Durability } from "./fileThreadWriter";
import { encodeLine } from "./journalLine";
import { corrupt, readSegments, readThreadRecord, recordsBackward, recordsForward, type JournalPosition, type Segment, type StoredRecord } from "./journalSegments";
import { lastNewlineEnd } from "./lineReader";
import { DEFAULT_LEASE_MS, lockedError, lockState, readLock, releaseLock, writeLock } from "./threadLock";
import { infoFromMeta, metaFile, metaFromInfo, readMeta } from "./threadMeta";
import { listSegmentEpochs, segmentPath } from "./threadFiles";

export interface FileStoreOptions {
  /** `process` (default): a commit survives the process being killed. `fsync`: it survives power loss too. */
  durability?: Durability;
  /** How long a live owner may go without a heartbeat before another process may take over. */
  leaseMs?: number;
}

const STORE_FORMAT = "durable-graphs.store";
const STORE_VERSION = 1;

/**
 * The embedded store: a directory (`.durable/` by default) with one folder per thread holding the
 * thread's journal segments, its lock and its summary.
 *
 *     .durable/.gitignore, store.json
 *     .durable/threads/<id>/journal-000001.ndjson, lock.json, meta.json
 */
export class FileStore implements CheckpointStore {
  readonly kind = "file";
  readonly durability: Durability;
  /** Per thread, the last record of the last history page read (where the next page starts). */
  private readonly pageEnds = new Map<string, JournalPosition>();
  readonly leaseMs: number;

  constructor(
    readonly root: string,
    options: FileStoreOptions = {},
  ) {
    this.durability = options.durability ?? "process";
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  get threadsDir(): string {
    return join(this.root, "threads");
  }

  threadDir(id: string): string {
    return join(this.threadsDir, validateId(id));
  }

  async listThreads(): Promise<ThreadInfo[]> {
    let names: string[];
    try {
      names = readdirSync(this.threadsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    // Staging and trash directories start with a dot; anything else that is no thread id is not ours.
    const infos = await Promise.all(names.filter(isThreadId).map((name) => this.summarise(name)));
    return infos.filter((i): i is ThreadInfo => i !== undefined).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async threadRecord(id: string): Promise<ThreadRecord> {
    return readThreadRecord(readSegments(this.existingDir(id)));
  }

  async getThread(id: string): Promise<ThreadInfo | undefined> {
    validateId(id);
    return this.summarise(id);
  }

  async create(init: NewThread, options: OpenOptions = {}): Promise<ThreadWriter> {
    validateId(init.thread);
    this.ensureRoot();
    const dir = this.threadDir(init.thread);
    if (existsSync(dir)) {
      if (!options.replace) throw new DurableError("THREAD_EXISTS", `thread ${init.thread} already exists`, { thread: init.thread });
      await this.delete(init.thread);
    }
    // Built aside and renamed into place, so a thread appears whole and locked, or not at all.
    const staging = join(this.threadsDir, `.new-${init.thread}-${randomBytes(4).toString("hex")}`);
    mkdirSync(staging);
    let fd: number | undefined;
    try {
      fd = openSync(segmentPath(staging, 1), "wx");
      writeAll(fd, `${encodeLine(segmentHeader(0, 1))}\n`);
      writeLock(staging, 1);
      const writer = new FileThreadWriter(staging, init.thread, 1, newThreadResume(init), 0, new SnapshotPolicy(), fd, { durability: this.durability, leaseMs: this.leaseMs, staged: true });
      writer.start(init);
      try {
        renameSync(staging, dir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        await writer.close().catch(() => undefined);
        fd = undefined;
        if (code === "EEXIST" || code === "ENOTEMPTY") {
          const state = lockState(dir, this.leaseMs);
          if (state.held) throw lockedError(init.thread, state.owner);
          throw new DurableError("THREAD_EXISTS", `thread ${init.thread} already exists`, { thread: init.thread });
        }
        throw error;
      }
      writer.movedTo(dir);
      writer.publishRunning();
      return writer;
    } catch (error) {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // closed by the writer already
        }
      }
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  }

  async open(id: string): Promise<ThreadWriter> {
    const dir = this.existingDir(id);
    const state = lockState(dir, this.leaseMs);
    if (state.held) throw lockedError(id, state.owner);
    // Every segment file counts, even one whose header was never written (its writer died taking over):
    // its epoch is spent, and creating it again would fail for ever.
    const epoch = Math.max(listSegmentEpochs(dir).at(-1) ?? 0, readLock(dir)?.epoch ?? 0) + 1;
    let fd: number;
    try {
      fd = openSync(segmentPath(dir, epoch), "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readLock(dir);
      throw owner ? lockedError(id, owner) : new DurableError("THREAD_LOCKED", `thread ${id} is being taken over by another process`, { thread: id });
    }
    writeLock(dir, epoch);
    try {
      const segments = readSegments(dir).filter((s) => s.epoch < epoch);
      const last = segments.at(-1);
      if (!last) throw new DurableError("STORE_CORRUPT", `${dir}: the thread has no journal`, { file: dir, offset: 0 });
      // Seal the previous segment at its last complete record; a torn tail after it is cut off.
      const sealEnd = lastNewlineEnd(last.path, last.end);
      last.end = sealEnd;
      const tail = this.readTail(segments);
      if (sealEnd < last.size) truncateFile(last.path, sealEnd);
      const lastSeq = tail.replay.lastSeq;
      writeAll(fd, `${encodeLine(segmentHeader(lastSeq + 1, epoch, { epoch: last.epoch, end: sealEnd, seq: lastSeq }))}\n`);
      if (this.durability === "fsync") fdatasyncSync(fd);
      const writer = new FileThreadWriter(dir, id, epoch, tail.replay.resumePoint(), lastSeq + 1, tail.policy, fd, { durability: this.durability, leaseMs: this.leaseMs });
      writer.publishRunning();
      return writer;
    } catch (error) {
      closeSync(fd);
      unlinkSync(segmentPath(dir, epoch));
      if (isDurableError(error, "STORE_CORRUPT")) await this.quarantine(id, dir, epoch, error);
      releaseLock(dir, epoch);
      throw error;
    }
  }

  /**
   * Pages through the journal. Where the previous page of this thread ended is remembered, so reading
   * it page by page (`show`, a panel following a run) costs the journal's length once, not per page.
   */
  async history(id: string, options: { afterSeq?: number; limit?: number } = {}): Promise<HistoryPage> {
    const { after, limit } = pageOptions(options);
    const segments = readSegments(this.existingDir(id));
    const cursor = this.pageEnds.get(id);
    const records: JournalRecord[] = [];
    let last: JournalPosition | undefined;
    for (const { record, file, offset } of recordsForward(segments, cursor?.seq === after ? cursor : undefined)) {
      if (record.seq <= after) continue;
      if (records.length === limit) break;
      records.push(record);
      last = { file, offset, seq: record.seq };
    }
    if (last) this.pageEnds.set(id, last);
    const more = records.length === limit && last !== undefined && last.seq < this.lastSeqOf(segments);
    return more ? { records, nextSeq: last!.seq } : { records };
  }

  /** The newest record's sequence number (read from the end, cheap). */
  private lastSeqOf(segments: Segment[]): number {
    const newest = recordsBackward(segments).next();
    return newest.done ? -1 : newest.value.record.seq;
  }

  async checkpoint(id: string, step?: number): Promise<CheckpointView> {
    const segments = readSegments(this.existingDir(id));
    if (step === undefined) {
      const { replay, at } = this.readTail(segments);
      return { step: replay.step, state: replay.state, next: replay.next, nodes: replay.lastNodes, at };
    }
    const replay = new ThreadReplay({ stopAtStep: step });
    let at = 0;
    for (const entry of recordsForward(segments)) {
      applyAt(replay, entry);
      const record = entry.record;
      if (record.type === "checkpoint" && record.step === step) at = record.at;
      if (replay.stopped) break;
    }
    if (replay.step !== step) {
      const forked = replay.thread?.forkedFrom;
      // A fork shares its parent's history up to the fork point.
      if (forked && step < forked.step && existsSync(join(this.threadsDir, forked.thread))) return this.checkpoint(forked.thread, step);
      const hint = forked && step < forked.step ? `; it was forked from ${forked.thread} at step ${forked.step}` : ` (last step: ${replay.step})`;
      throw new DurableError("CHECKPOINT_NOT_FOUND", `thread ${id} has no checkpoint at step ${step}${hint}`, { thread: id, step });
    }
    return { step: replay.step, state: replay.state, next: replay.next, nodes: replay.lastNodes, at };
  }

  async checkpoints(id: string): Promise<CheckpointRecord[]> {
    const list: CheckpointRecord[] = [];
    for (const { record } of recordsForward(readSegments(this.existingDir(id)))) {
      if (record.type === "checkpoint") list.push(record);
    }
    return list;
  }

  async delete(id: string): Promise<void> {
    const dir = this.existingDir(id);
    const state = lockState(dir, this.leaseMs);
    if (state.held) throw lockedError(id, state.owner);
    const trash = join(this.threadsDir, `.trash-${id}-${randomBytes(4).toString("hex")}`);
    renameSync(dir, trash);
    rmSync(trash, { recursive: true, force: true });
  }

  async fork(id: string, step: number, newId: string): Promise<ThreadInfo> {
    validateId(newId);
    if (existsSync(this.threadDir(newId))) throw new DurableError("THREAD_EXISTS", `thread ${newId} already exists`, { thread: newId });
    const view = await this.checkpoint(id, step);
    const thread = readThreadRecord(readSegments(this.existingDir(id)));
    const writer = await this.create({ thread: newId, graph: thread.graph, state: view.state, next: view.next, step, forkedFrom: { thread: id, step } });
    await writer.close();
    return (await this.getThread(newId))!;
  }

  async verify(id: string): Promise<VerifyReport> {
    const segments = readSegments(this.existingDir(id));
    let records = 0;
    let lastSeq = -1;
    // Replaying checks what checksums cannot: steps follow one another.
    const replay = new ThreadReplay();
    for (const entry of recordsForward(segments)) {
      applyAt(replay, entry);
      records++;
      lastSeq = entry.record.seq;
    }
    if (segments.length > 0 && (!replay.thread || replay.step < 0)) throw corrupt(segments[0]!.path, 0, "the journal has no thread record or no initial checkpoint");
    return { records, segments: segments.length, lastSeq, bytes: segments.reduce((n, s) => n + s.end, 0), step: replay.step };
  }

  /** The state at the last commit and what follows it, read backwards to the last full state. */
  private readTail(segments: Segment[]): { replay: ThreadReplay; policy: SnapshotPolicy; at: number } {
    const tail: StoredRecord[] = [];
    // The snapshot clock: bytes written since the last full state, and that state's size.
    let bytes = 0;
    let fullBytes = 0;
    let oldestCheckpointBytes = 0;
    // A snapshot holds no step metadata: the checkpoint written just before it supplies that.
    let anchor: CheckpointRecord | undefined;
    const backward = recordsBackward(segments);
    for (const entry of backward) {
      const record = entry.record;
      tail.push(entry);
      if (record.type === "snapshot") {
        fullBytes = entry.bytes;
        const before = backward.next();
        if (!before.done && before.value.record.type === "checkpoint" && before.value.record.step === record.step) anchor = before.value.record;
        break;
      }
      if (record.type === "thread") {
        // The thread's first checkpoint carries its whole initial state: that is the last full state.
        fullBytes = oldestCheckpointBytes;
        bytes -= oldestCheckpointBytes;
        break;
      }
      if (record.type === "checkpoint") oldestCheckpointBytes = entry.bytes;
      bytes += entry.bytes;
    }
    const replay = new ThreadReplay();
    if (tail.at(-1)?.record.type !== "thread") replay.apply(readThreadRecord(segments));
    let at = 0;
    for (let i = tail.length - 1; i >= 0; i--) {
      const record = tail[i]!.record;
      applyAt(replay, tail[i]!);
      if (record.type === "checkpoint") at = record.at;
      if (record.type === "snapshot" && anchor) {
        replay.lastNodes = anchor.nodes;
        replay.updatedAt = anchor.at;
        at = anchor.at;
      }
    }
    if (!replay.thread || replay.step < 0) {
      const first = segments[0]!;
      throw corrupt(first.path, 0, "the journal has no thread record or no initial checkpoint");
    }
    return { replay, policy: new SnapshotPolicy(bytes, fullBytes), at };
  }

  private async summarise(id: string): Promise<ThreadInfo | undefined> {
    const dir = join(this.threadsDir, id);
    if (!existsSync(dir)) return undefined;
    const meta = await readMeta(dir);
    if (meta?.status === "quarantined") return infoFromMeta(meta);
    const lock = lockState(dir, this.leaseMs);
    const owner = lock.held ? { pid: lock.owner.pid, host: lock.owner.host } : undefined;
    // The summary is believed only when the journal's newest writer wrote it (one that took over and
    // died before writing a summary leaves an older writer's behind).
    if (meta && meta.epoch === (listSegmentEpochs(dir).at(-1) ?? 0)) {
      if (meta.status !== "running" && meta.status !== "interrupted") return infoFromMeta(meta);
      if (lock.held && lock.owner.epoch === meta.epoch) return { ...infoFromMeta(meta), status: "running", owner: owner! };
      if (!lock.held && meta.status === "interrupted") return infoFromMeta(meta);
    }
    // No summary, or it says running but its owner is gone: the journal says where the thread stands.
    try {
      const { replay } = this.readTail(readSegments(dir));
      return replay.info(id, lock.held, owner);
    } catch (error) {
      if (!isDurableError(error, "STORE_CORRUPT") && !isDurableError(error, "STORE_VERSION")) throw error;
      const identity = meta ? undefined : readableThreadRecord(dir);
      return {
        id,
        graph: meta?.graph ?? identity?.graph ?? "",
        status: "quarantined",
        step: meta?.step ?? 0,
        lastNodes: meta?.lastNodes ?? [],
        next: meta?.next ?? [],
        createdAt: meta?.createdAt ?? identity?.at ?? 0,
        updatedAt: meta?.updatedAt ?? lastModified(dir),
        error: { code: error.code, message: error.message },
      };
    }
  }

  private async quarantine(id: string, dir: string, epoch: number, error: DurableError): Promise<void> {
    const meta = await readMeta(dir);
    const info: ThreadInfo = {
      ...(meta ? infoFromMeta(meta) : { id, graph: "", step: 0, lastNodes: [], next: [], createdAt: 0, updatedAt: 0 }),
      status: "quarantined",
      updatedAt: Date.now(),
      error: { code: error.code, message: error.message },
    };
    await metaFile(dir).write(metaFromInfo(info, epoch));
  }

  private existingDir(id: string): string {
    const dir = this.threadDir(id);
    if (!existsSync(dir)) throw new DurableError("THREAD_NOT_FOUND", `no thread ${id} in ${this.root}`, { thread: id, store: this.root });
    return dir;
  }

  private ensureRoot(): void {
    const marker = join(this.root, "store.json");
    if (existsSync(marker)) {
      const stored = JSON.parse(readFileSync(marker, "utf8")) as { format?: string; version?: number };
      if (stored.format !== STORE_FORMAT || (stored.version ?? 0) > STORE_VERSION) {
        throw new DurableError("STORE_VERSION", `${marker} is not a store this version of Durable Graphs can write (format ${stored.format} ${stored.version})`, {
          file: marker,
        });
      }
      mkdirSync(this.threadsDir, { recursive: true });
      return;
    }
    mkdirSync(this.threadsDir, { recursive: true });
    writeFileSync(join(this.root, ".gitignore"), "# Durable Graphs run state: local to this machine.\n*\n");
    writeFileSync(marker, `${JSON.stringify({ format: STORE_FORMAT, version: STORE_VERSION }, null, 2)}\n`);
  }
}

function segmentHeader(seq: number, epoch: number, prev?: SegmentRecord["prev"]): SegmentRecord {
  return { seq, type: "segment", format: JOURNAL_FORMAT, version: JOURNAL_VERSION, epoch, at: Date.now(), ...(prev ? { prev } : {}) };
}

/** Applies a record; a record that makes no sense where it stands is reported at its file and offset. */
function applyAt(replay: ThreadReplay, entry: StoredRecord): void {
  try {
    replay.apply(entry.record);
  } catch (error) {
    if (isDurableError(error, "STORE_CORRUPT") && error.details.file === undefined) throw corrupt(entry.file, entry.offset, error.message);
    throw error;
  }
}

function isThreadId(name: string): boolean {
  try {
    validateId(name);
    return true;
  } catch {
    return false;
  }
}

/** Writes the whole string (a short write must not leave half a line). */
function writeAll(fd: number, text: string): void {
  const data = Buffer.from(text);
  let written = 0;
  while (written < data.length) written += writeSync(fd, data, written, data.length - written);
}

/** Cuts a torn tail off (a fenced writer appending later lands past the seal, where no reader looks). */
function truncateFile(path: string, length: number): void {
  const fd = openSync(path, "r+");
  try {
    ftruncateSync(fd, length);
  } finally {
    closeSync(fd);
  }
}

/** The thread record of a damaged journal, when the damage is elsewhere (to name the thread's graph). */
function readableThreadRecord(dir: string): { graph: string; at: number } | undefined {
  try {
    return readThreadRecord(readSegments(dir));
  } catch {
    return undefined;
  }
}

function lastModified(dir: string): number {
  try {
    const times = listSegmentEpochs(dir).map((epoch) => statSync(segmentPath(dir, epoch)).mtimeMs);
    return times.length ? Math.max(...times) : 0;
  } catch {
    return 0;
  }
}
