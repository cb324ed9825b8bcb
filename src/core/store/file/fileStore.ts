import { checkpointList } from "../checkpointList";
import { crc32 } from "node:zlib";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { DurableError, isDurableError } from "../../errors";
import { validateId } from "../../ids";
import type { CheckpointStore, CheckpointView, ForkOptions, HistoryPage, JournalRepair, NewThread, OpenOptions, ResumePoint, ThreadInfo, ThreadWriter, VerifyReport } from "../checkpointStore";
import type { GraphFingerprint } from "../../fingerprint/graphFingerprint";
import type { CheckpointRecord, JournalRecord, ThreadRecord } from "../records";
import { SnapshotPolicy } from "../snapshotPolicy";
import { pageOptions } from "../historyPage";
import { ThreadReplay } from "../threadReplay";
import { editCommit } from "../stateEdit";
import { newThreadResume } from "../threadWriterBase";
import { FileThreadWriter } from "./fileThreadWriter";
import { encodeLine } from "./journalLine";
import { summariseSmallJournal } from "./smallJournalSummary";
import { scanJournal, type TornTail } from "./journalScan";
import { corrupt, damaged, readJournal, readLastRunRecord, readSegments, readThreadRecord, recordsBackward, recordsForward, type Journal, type JournalPosition, type Segment, type StoredRecord } from "./journalSegments";
import { isProcessRunning } from "./processIdentity";
import { createSegment, removeStaleTemps, segmentHeader, type Durability } from "./segmentFile";
import { guardedFs } from "./storeErrors";
import { nodeFs, replaceFile, syncDirectory, writeAll, type StoreFs } from "./storeFs";
import { DEFAULT_LEASE_MS, lockedError, lockState, readLock, type LockOwner } from "./threadLock";
import { infoFromMeta, metaFile, metaFromInfo, readMeta, type ThreadMeta } from "./threadMeta";
import { listSegmentEpochs, listThreadFiles, segmentName, segmentPath } from "./threadFiles";

export interface FileStoreOptions {
  /** `process` (default): a commit survives the process being killed. `fsync`: it survives power loss too. */
  durability?: Durability;
  /** How long an owner on another host may go without a heartbeat before another process may take over. */
  leaseMs?: number;
  /** The file system under the store (tests record syncs or inject failures here). */
  fs?: StoreFs;
}

const STORE_FORMAT = "durable-graphs.store";
const STORE_VERSION = 1;

/**
 * The embedded store: a directory (`.durable/` by default) with one folder per thread holding the
 * thread's journal segments, its lock and its summary.
 *
 *     .durable/.gitignore, store.json
 *     .durable/threads/<id>/journal-000001.ndjson, meta.json (and lock.json in stores of earlier versions)
 */
export class FileStore implements CheckpointStore {
  readonly kind = "file";
  readonly durability: Durability;
  /** Per thread, the last record of the last history page read (where the next page starts). */
  private readonly pageEnds = new Map<string, JournalPosition>();
  readonly leaseMs: number;
  private readonly fs: StoreFs;
  /** Once per store object: left-overs of dead processes are swept, the store's directories synced. */
  private swept = false;

  constructor(
    readonly root: string,
    options: FileStoreOptions = {},
  ) {
    this.durability = options.durability ?? "process";
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.fs = guardedFs(options.fs ?? nodeFs);
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
      names = this.fs.readdirSync(this.threadsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    // Staging and trash directories start with a dot; anything else that is no thread id is not ours.
    // A stray file someone left there is no thread (summarise finds it is no directory).
    const infos: ThreadInfo[] = [];
    for (const name of names) {
      if (!isThreadId(name)) continue;
      const info = this.summarise(name);
      if (info) infos.push(info);
    }
    return infos.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async threadRecord(id: string): Promise<ThreadRecord> {
    return readThreadRecord(this.fs, readSegments(this.fs, this.existingDir(id)));
  }

  async getThread(id: string): Promise<ThreadInfo | undefined> {
    validateId(id);
    return this.summarise(id);
  }

  async create(init: NewThread, options: OpenOptions = {}): Promise<ThreadWriter> {
    const fs = this.fs;
    validateId(init.thread);
    this.ensureRoot();
    const dir = this.threadDir(init.thread);
    if (fs.existsSync(dir)) {
      if (!options.replace) throw new DurableError("THREAD_EXISTS", `thread ${init.thread} already exists`, { thread: init.thread });
      await this.delete(init.thread);
    }
    // Built aside and renamed into place, so a thread appears whole and owned, or not at all.
    const staging = join(this.threadsDir, `.new-${init.thread}-${process.pid}-${randomBytes(4).toString("hex")}`);
    fs.mkdirSync(staging);
    let fd: number | undefined;
    let writer: FileThreadWriter | undefined;
    try {
      fd = fs.openSync(segmentPath(staging, 1), "wx");
      const header = segmentHeader(0, 1);
      const headerLine = Buffer.from(`${encodeLine(header)}\n`);
      writeAll(fs, fd, headerLine);
      writer = new FileThreadWriter(fs, staging, init.thread, 1, newThreadResume(init), 0, new SnapshotPolicy(), fd, {
        durability: this.durability,
        leaseMs: this.leaseMs,
        segmentAt: header.at,
        segmentSum: crc32(headerLine),
        staged: true,
      });
      writer.start(init);
      if (this.durability === "fsync") syncDirectory(fs, staging);
      try {
        fs.renameSync(staging, dir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EEXIST" || code === "ENOTEMPTY") {
          const owner = this.ownerOf(dir);
          if (owner) throw lockedError(init.thread, owner);
          throw new DurableError("THREAD_EXISTS", `thread ${init.thread} already exists`, { thread: init.thread });
        }
        throw error;
      }
      if (this.durability === "fsync") syncDirectory(fs, this.threadsDir);
      writer.movedTo(dir);
      return writer;
    } catch (error) {
      if (writer) await writer.close().catch(() => undefined);
      else if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Takes a thread over to continue it. The journal is read and checked first (the chain of segments,
   * every checksum, the summary's step) and `options.check` is given the resume point: whatever is
   * refused here — damage, a live owner, a graph that no longer fits — leaves the thread as it was.
   * Then the next segment is created whole, and a torn tail of the previous one is cut and reported.
   */
  async open(id: string, options: OpenOptions = {}): Promise<ThreadWriter> {
    return this.takeOver(id, options, 1);
  }

  private async takeOver(id: string, options: OpenOptions, attempt: number): Promise<ThreadWriter> {
    const fs = this.fs;
    const dir = this.existingDir(id);
    // The owner first, the journal after: read while its owner was still writing (or about to release
    // it), the journal would be sealed short of its last commits, and those would run again.
    const owner = this.ownerOf(dir);
    if (owner) throw lockedError(id, owner);
    const { journal, torn, tail, newestSum } = await this.readChecked(id, dir);
    const newest = journal.segments.at(-1)!;
    // Taken over by another process in between: its segment is the newest now, and it is alive.
    const state = lockState(fs, dir, newest, this.leaseMs);
    if (state.held) throw lockedError(id, state.owner);
    // Its writer is gone now, so the segment can no longer grow; if it grew while it was being read
    // (a writer finishing and releasing the thread meanwhile), read it again.
    if (fs.statSync(newest.path).size !== newest.size) {
      if (attempt >= 3) throw new DurableError("THREAD_LOCKED", `thread ${id} is being written by another process`, { thread: id });
      return this.takeOver(id, options, attempt + 1);
    }
    const tailResume: ResumePoint = tail.replay.resumePoint();
    // Read from a snapshot, the tail may start after the last run's record: its segment's head has it.
    const lastGraph = tailResume.graph ?? readLastRunRecord(fs, journal.segments)?.graph;
    const resume: ResumePoint = lastGraph ? { ...tailResume, graph: lastGraph } : tailResume;
    options.check?.(resume);

    // Taken over, run and released by another process while this one read: the newest segment read is
    // no longer the newest. Read again (it is that process's thread now, perhaps finished), never skip
    // past it: a segment linked after a later epoch than the one read would discard that run's steps.
    // The release marker is read before the segments are listed, as it is written after its segment.
    const marked = readLock(fs, dir)?.epoch ?? 0;
    if (listSegmentEpochs(fs, dir).some((e) => e > newest.epoch)) {
      if (attempt >= 3) throw new DurableError("THREAD_LOCKED", `thread ${id} is being taken over by another process`, { thread: id });
      return this.takeOver(id, options, attempt + 1);
    }
    // A marker naming a later epoch without its segment (a store of an earlier version): that epoch is spent.
    const epoch = Math.max(newest.epoch, marked) + 1;
    const sealEnd = torn ? torn.offset : newest.size;
    if (this.durability === "fsync") {
      // The seal must not point past what a power loss would leave of the previous segment; and the
      // thread's own directory entry may not be on disk yet (its creator may have died just after the rename).
      syncFile(fs, newest.path);
      syncDirectory(fs, this.threadsDir);
      syncDirectory(fs, this.root);
    }
    const lastSeq = tail.replay.lastSeq;
    const header = segmentHeader(lastSeq + 1, epoch, { epoch: newest.epoch, end: sealEnd, seq: lastSeq, sum: newestSum });
    const created = createSegment(fs, dir, header, this.durability);
    const fd = created?.fd;
    if (fd === undefined) throw new DurableError("THREAD_LOCKED", `thread ${id} is being taken over by another process`, { thread: id });
    try {
      let repaired: JournalRepair | undefined;
      if (torn) {
        // Past the seal nobody reads it; cutting it keeps the file honest for people and tools.
        truncateFile(fs, newest.path, sealEnd);
        repaired = { file: torn.file, offset: torn.offset, bytes: torn.bytes, records: 1, at: Date.now() };
      }
      removeStaleTemps(fs, dir);
      const writer = new FileThreadWriter(fs, dir, id, epoch, { ...resume, ...(repaired ? { repaired } : {}) }, lastSeq + 1, tail.policy, fd, {
        durability: this.durability,
        leaseMs: this.leaseMs,
        segmentAt: header.at,
        segmentSum: created!.sum,
      });
      writer.publishRunning();
      return writer;
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /**
   * The journal, read and checked: its chain of segments, every record's checksum, its tail decoded, and
   * its last step against the summary's (committed steps must not have vanished). Damage quarantines
   * the thread — its files are left as they are — and throws STORE_CORRUPT.
   */
  private async readChecked(id: string, dir: string): Promise<{ journal: Journal; torn?: TornTail; tail: Tail; newestSum: number }> {
    // A quarantined thread is checked again too: the error names the file and offset every time.
    const meta = readMeta(this.fs, dir);
    try {
      const journal = readJournal(this.fs, dir);
      const { torn, newestSum } = scanJournal(this.fs, journal.segments, () => this.replayAll(journal.segments));
      const tail = this.readTail(journal.segments);
      checkAgainstSummary(meta, journal.segments, tail.replay.step);
      return { journal, tail, newestSum, ...(torn ? { torn } : {}) };
    } catch (error) {
      if (isDurableError(error, "STORE_CORRUPT")) await this.quarantine(id, dir, meta, error);
      throw error;
    }
  }

  /**
   * Pages through the journal. Where the previous page of this thread ended is remembered, so reading
   * it page by page (`show`, a panel following a run) costs the journal's length once, not per page.
   */
  async history(id: string, options: { afterSeq?: number; limit?: number } = {}): Promise<HistoryPage> {
    const { after, limit } = pageOptions(options);
    const dir = this.existingDir(id);
    // Reading from the start: committed steps that vanished (a segment deleted, a cut at a record
    // boundary) show only against the summary, read before the journal (a live run may commit meanwhile).
    const meta = after < 0 ? readMeta(this.fs, dir) : undefined;
    const segments = readSegments(this.fs, dir);
    if (after < 0) checkAgainstSummary(meta, segments, this.readTail(segments).replay.step);
    const cursor = this.pageEnds.get(id);
    const records: JournalRecord[] = [];
    let last: JournalPosition | undefined;
    for (const { record, file, offset } of recordsForward(this.fs, segments, cursor?.seq === after ? cursor : undefined)) {
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
    const newest = recordsBackward(this.fs, segments).next();
    return newest.done ? -1 : newest.value.record.seq;
  }

  async checkpoint(id: string, step?: number): Promise<CheckpointView> {
    const dir = this.existingDir(id);
    if (step === undefined) {
      // The whole journal is checked, not only its tail: a state is never shown from a damaged thread.
      const { tail } = await this.readChecked(id, dir);
      const { replay, at } = tail;
      return { step: replay.step, state: replay.state, next: replay.next, nodes: replay.lastNodes, at, ...(replay.edit ? { edit: replay.edit } : {}) };
    }
    const segments = readSegments(this.fs, dir);
    const replay = new ThreadReplay({ stopAtStep: step });
    let at = 0;
    for (const entry of recordsForward(this.fs, segments)) {
      applyAt(replay, entry);
      const record = entry.record;
      if (record.type === "checkpoint" && record.step === step) at = record.at;
      if (replay.stopped) break;
    }
    if (replay.step !== step) {
      const forked = replay.thread?.forkedFrom;
      // A fork shares its parent's history up to the fork point.
      if (forked && step < forked.step && this.fs.existsSync(join(this.threadsDir, forked.thread))) return this.checkpoint(forked.thread, step);
      const hint = forked && step < forked.step ? `; it was forked from ${forked.thread} at step ${forked.step}` : ` (last step: ${replay.step})`;
      throw new DurableError("CHECKPOINT_NOT_FOUND", `thread ${id} has no checkpoint at step ${step}${hint}`, { thread: id, step });
    }
    return { step: replay.step, state: replay.state, next: replay.next, nodes: replay.lastNodes, at, ...(replay.edit ? { edit: replay.edit } : {}) };
  }

  async checkpoints(id: string): Promise<CheckpointRecord[]> {
    const segments = readSegments(this.fs, this.existingDir(id));
    return checkpointList(recordsOf(recordsForward(this.fs, segments)));
  }

  async delete(id: string): Promise<void> {
    const dir = this.existingDir(id);
    const owner = this.ownerOf(dir);
    if (owner) throw lockedError(id, owner);
    // Renamed away first, so the thread disappears at once and whole even if removing its files is cut short.
    const trash = join(this.threadsDir, `.trash-${id}-${process.pid}-${randomBytes(4).toString("hex")}`);
    this.fs.renameSync(dir, trash);
    if (this.durability === "fsync") syncDirectory(this.fs, this.threadsDir);
    this.fs.rmSync(trash, { recursive: true, force: true });
  }

  /** The live owner of a thread, if any (a damaged journal has none that counts: it cannot be run). */
  private ownerOf(dir: string): LockOwner | undefined {
    let newest: Segment | undefined;
    try {
      newest = readJournal(this.fs, dir).segments.at(-1);
    } catch (error) {
      if (isDurableError(error, "STORE_CORRUPT") || isDurableError(error, "STORE_VERSION")) return undefined;
      throw error;
    }
    const state = newest ? lockState(this.fs, dir, newest, this.leaseMs) : undefined;
    return state?.held ? state.owner : undefined;
  }


  async fork(id: string, step: number, newId: string, options: ForkOptions = {}): Promise<ThreadInfo> {
    validateId(newId);
    if (this.fs.existsSync(this.threadDir(newId))) throw new DurableError("THREAD_EXISTS", `thread ${newId} already exists`, { thread: newId });
    // A fork of a damaged thread is refused, even from a step before the damage: its history is in doubt.
    await this.readChecked(id, this.existingDir(id));
    const view = await this.checkpoint(id, step);
    const thread = readThreadRecord(this.fs, readSegments(this.fs, this.existingDir(id)));
    const writer = await this.create({ thread: newId, graph: thread.graph, state: view.state, next: view.next, step, forkedFrom: { thread: id, step }, ...(options.edit ? { edit: editCommit(view.state, options.edit) } : {}) });
    await writer.close();
    return (await this.getThread(newId))!;
  }

  /**
   * Reads and checks every record: the chain of segments, checksums, sequence numbers, that steps follow
   * one another, and that no committed step the summary knows of is missing. A torn tail is reported
   * (repairable: the next run cuts it); anything else throws STORE_CORRUPT. Writes nothing.
   */
  async verify(id: string): Promise<VerifyReport> {
    const dir = this.existingDir(id);
    // The summary before the journal: read after, it could name a step committed since (a live run).
    const meta = readMeta(this.fs, dir);
    const segments = readJournal(this.fs, dir).segments;
    const { torn } = scanJournal(this.fs, segments, () => this.replayAll(segments));
    let records = 0;
    let lastSeq = -1;
    // Replaying checks what checksums cannot: steps follow one another.
    const replay = new ThreadReplay();
    for (const entry of recordsForward(this.fs, segments)) {
      applyAt(replay, entry);
      records++;
      lastSeq = entry.record.seq;
    }
    if (!replay.thread || replay.step < 0) throw corrupt(segments[0]!.path, 0, "the journal has no thread record or no initial checkpoint");
    checkAgainstSummary(meta, segments, replay.step);
    const bytes = segments.reduce((n, s) => n + s.end, 0) - (torn?.bytes ?? 0);
    return { records, segments: segments.length, lastSeq, bytes, step: replay.step, ...(torn ? { tornTail: torn } : {}) };
  }

  /** Reads and replays every record: throws STORE_CORRUPT at the first that is out of place (a sequence gap, a step skipped). */
  private replayAll(segments: Segment[]): void {
    const replay = new ThreadReplay();
    for (const entry of recordsForward(this.fs, segments)) applyAt(replay, entry);
  }

  async lastGraph(id: string): Promise<GraphFingerprint | undefined> {
    return readLastRunRecord(this.fs, readSegments(this.fs, this.existingDir(id)))?.graph;
  }

  async hasTornTail(id: string): Promise<boolean> {
    const newest = readSegments(this.fs, this.existingDir(id)).at(-1)!;
    const last = Buffer.alloc(1);
    const fd = this.fs.openSync(newest.path, "r");
    try {
      this.fs.readSync(fd, last, 0, 1, newest.end - 1);
    } finally {
      this.fs.closeSync(fd);
    }
    return last[0] !== 0x0a;
  }

  /** The state at the last commit and what follows it, read backwards to the last full state. */
  private readTail(segments: Segment[]): Tail {
    const tail: StoredRecord[] = [];
    // The snapshot clock: bytes written since the last full state, and that state's size.
    let bytes = 0;
    let fullBytes = 0;
    let oldestCheckpointBytes = 0;
    // A snapshot holds no step metadata: the checkpoint written just before it supplies that.
    let anchor: CheckpointRecord | undefined;
    const backward = recordsBackward(this.fs, segments);
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
    if (tail.at(-1)?.record.type !== "thread") replay.apply(readThreadRecord(this.fs, segments));
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
    const policy = new SnapshotPolicy(bytes, fullBytes);
    // How the state grew since its last full copy, oldest change first (a first checkpoint only sets).
    for (let i = tail.length - 1; i >= 0; i--) {
      const record = tail[i]!.record;
      if (record.type === "checkpoint") policy.changed(record.changes);
    }
    return { replay, policy, at };
  }

  /**
   * A thread's summary as listing shows it. A summary written by the journal's newest writer and saying
   * the thread ended (completed, failed, cancelled) or is quarantined is the truth: nothing but its
   * directory's listing and the summary itself is read. One that says running is checked against its
   * owner (the newest segment's header names the process); an owner gone, or no summary from the newest
   * writer, and the journal's tail says where the thread stands.
   */
  private summarise(id: string): ThreadInfo | undefined {
    const dir = join(this.threadsDir, id);
    let epochs: number[];
    let hasMeta: boolean;
    try {
      ({ epochs, hasMeta } = listThreadFiles(this.fs, dir));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Gone meanwhile (reset), or a stray file where a thread's directory would be.
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw error;
    }
    // Listed with the directory: a thread without one (most short threads) costs no failed open.
    const meta = hasMeta ? readMeta(this.fs, dir) : undefined;
    if (meta?.status === "quarantined") return infoFromMeta(meta);
    if (meta && meta.epoch === epochs.at(-1) && ENDED.has(meta.status)) return infoFromMeta(meta);
    // A thread that ended in its first moments has no summary: its small journal is read in one go.
    const small = meta ? undefined : summariseSmallJournal(this.fs, dir, id, epochs);
    if (small) return small;
    try {
      const segments = readSegments(this.fs, dir);
      const newest = segments.at(-1)!;
      const lock = lockState(this.fs, dir, newest, this.leaseMs);
      const owner = lock.held ? { pid: lock.owner.pid, host: lock.owner.host } : undefined;
      // The summary is believed only when the journal's newest writer wrote it (one that took over and
      // died before writing a summary leaves an older writer's behind).
      if (meta && meta.epoch === newest.epoch) {
        if (meta.status !== "running" && meta.status !== "interrupted") return infoFromMeta(meta);
        if (lock.held) return { ...infoFromMeta(meta), status: "running", owner: owner! };
        if (meta.status === "interrupted") return infoFromMeta(meta);
      }
      // No summary, or it says running but its owner is gone: the journal says where the thread stands.
      const info = this.readTail(segments).replay.info(id, lock.held, owner);
      // A tail read from a snapshot may start after the last run's record; its writer's summary names the graph.
      const graphId = info.graphId ?? (meta?.epoch === newest.epoch ? meta.graphId : undefined);
      return { ...info, ...(meta?.repaired ? { repaired: meta.repaired } : {}), ...(graphId ? { graphId } : {}) };
    } catch (error) {
      if (!isDurableError(error, "STORE_CORRUPT") && !isDurableError(error, "STORE_VERSION")) throw error;
      const identity = meta ? undefined : this.readableThreadRecord(dir);
      return {
        id,
        graph: meta?.graph ?? identity?.graph ?? "",
        status: "quarantined",
        step: meta?.step ?? 0,
        lastNodes: meta?.lastNodes ?? [],
        next: meta?.next ?? [],
        createdAt: meta?.createdAt ?? identity?.at ?? 0,
        updatedAt: meta?.updatedAt ?? this.lastModified(dir),
        error: { code: error.code, message: error.message },
      };
    }
  }

  private async quarantine(id: string, dir: string, meta: ThreadMeta | undefined, error: DurableError): Promise<void> {
    const info: ThreadInfo = {
      ...(meta ? infoFromMeta(meta) : { id, graph: this.readableThreadRecord(dir)?.graph ?? "", step: 0, lastNodes: [], next: [], createdAt: 0, updatedAt: 0 }),
      status: "quarantined",
      updatedAt: Date.now(),
      error: { code: error.code, message: error.message },
    };
    try {
      await metaFile(dir).write(metaFromInfo(info, meta?.epoch ?? 0));
    } catch {
      // The damage is reported either way; the summary only lets listing say so without reading journals.
    }
  }

  /** The thread record of a damaged journal, when the damage is elsewhere (to name the thread's graph). */
  private readableThreadRecord(dir: string): { graph: string; at: number } | undefined {
    try {
      const first = Math.min(...listSegmentEpochs(this.fs, dir));
      const path = segmentPath(dir, first);
      return readThreadRecord(this.fs, [{ path, end: this.fs.statSync(path).size } as Segment]);
    } catch {
      return undefined;
    }
  }

  private lastModified(dir: string): number {
    try {
      const times = listSegmentEpochs(this.fs, dir).map((epoch) => this.fs.statSync(segmentPath(dir, epoch)).mtimeMs);
      return times.length ? Math.max(...times) : 0;
    } catch {
      return 0;
    }
  }

  private existingDir(id: string): string {
    const dir = this.threadDir(id);
    if (!this.fs.existsSync(dir)) throw new DurableError("THREAD_NOT_FOUND", `no thread ${id} in ${this.root}`, { thread: id, store: this.root });
    return dir;
  }

  private ensureRoot(): void {
    const fs = this.fs;
    const marker = join(this.root, "store.json");
    if (fs.existsSync(marker)) {
      const stored = readStoreMarker(fs.readFileSync(marker, "utf8"), marker);
      if (stored.format !== STORE_FORMAT || (stored.version ?? 0) > STORE_VERSION) {
        throw new DurableError("STORE_VERSION", `${marker} is not a store this version of Durable Graphs can write (format ${stored.format} ${stored.version})`, {
          file: marker,
        });
      }
      if (!fs.existsSync(this.threadsDir)) this.makeDurableDir(this.threadsDir);
    } else {
      this.makeDurableDir(this.threadsDir);
      fs.writeFileSync(join(this.root, ".gitignore"), "# Durable Graphs run state: local to this machine.\n*\n");
      // Whole or not at all: processes creating the store at once read each other's marker.
      replaceFile(fs, marker, `${JSON.stringify({ format: STORE_FORMAT, version: STORE_VERSION }, null, 2)}\n`, `${process.pid}`);
    }
    if (!this.swept) {
      this.swept = true;
      // A process that made these directories may have died before syncing them into their parents.
      if (this.durability === "fsync") for (const dir of [this.root, dirname(this.root)]) syncDirectory(fs, dir);
      this.sweepLeftovers();
    }
  }

  /** Creates a directory and its parents; in fsync mode each new one is synced into its parent. */
  private makeDurableDir(dir: string): void {
    const missing: string[] = [];
    for (let d = dir; !this.fs.existsSync(d); d = dirname(d)) missing.unshift(d);
    this.fs.mkdirSync(dir, { recursive: true });
    if (this.durability === "fsync") for (const d of missing) syncDirectory(this.fs, dirname(d));
  }

  /**
   * Removes what dead processes left in the threads directory: half-built threads (`.new-*`) and threads
   * being deleted (`.trash-*`, already gone from the user's view), each named with its maker's pid.
   */
  private sweepLeftovers(): void {
    for (const name of this.fs.readdirSync(this.threadsDir)) {
      if (!name.startsWith(".new-") && !name.startsWith(".trash-")) continue;
      const pid = Number(/-(\d+)-[0-9a-f]{8}$/.exec(name)?.[1]);
      // Those of earlier versions carry no pid: any process that made them is long gone.
      if (Number.isInteger(pid) && (pid === process.pid || isProcessRunning(pid))) continue;
      try {
        this.fs.rmSync(join(this.threadsDir, name), { recursive: true, force: true });
      } catch {
        // another process is sweeping it
      }
    }
  }
}

/** `store.json`, or STORE_CORRUPT naming it: a damaged marker is not the user's input. */
function readStoreMarker(text: string, path: string): { format?: string; version?: number } {
  try {
    return JSON.parse(text) as { format?: string; version?: number };
  } catch (error) {
    throw new DurableError("STORE_CORRUPT", `${path}: damaged at byte 0: not JSON (${(error as Error).message}); restore it, or move the store aside`, {
      file: path,
      offset: 0,
    });
  }
}

/** Statuses a thread's last writer leaves it in for good (until it is run again, under a new epoch). */
const ENDED: ReadonlySet<string> = new Set(["completed", "failed", "cancelled", "waiting"]);

interface Tail {
  replay: ThreadReplay;
  policy: SnapshotPolicy;
  at: number;
}

/**
 * Committed steps must not vanish unnoticed: a summary (written after its commit) naming a later step
 * or a later segment than the journal holds means records were lost — a segment deleted, or cut at a
 * record boundary, or lost to a power failure without --fsync.
 */
function checkAgainstSummary(meta: ThreadMeta | undefined, segments: readonly Segment[], step: number): void {
  // A quarantined thread's summary keeps the step and epoch it had: the check still holds.
  if (!meta) return;
  const newest = segments.at(-1)!;
  if (meta.epoch > newest.epoch) {
    throw damaged(newest.path, newest.end, `the journal's newest segment ${segmentName(meta.epoch)} is missing (the thread's summary was written by its writer)`);
  }
  if (meta.step > step) {
    throw damaged(newest.path, newest.end, `the journal ends at step ${step}, but the thread had committed step ${meta.step}: committed records are missing`);
  }
}


function syncFile(fs: StoreFs, path: string): void {
  const fd = fs.openSync(path, "r+");
  try {
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
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

/** Cuts a torn tail off (a fenced writer appending later lands past the seal, where no reader looks). */
function truncateFile(fs: StoreFs, path: string, length: number): void {
  const fd = fs.openSync(path, "r+");
  try {
    fs.ftruncateSync(fd, length);
  } finally {
    fs.closeSync(fd);
  }
}

/** The records of a forward read, one at a time (a long thread is not held whole). */
function* recordsOf(entries: Iterable<{ record: JournalRecord }>): Generator<JournalRecord> {
  for (const { record } of entries) yield record;
}
