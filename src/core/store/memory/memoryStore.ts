import { checkpointList } from "../checkpointList";
import { DurableError } from "../../errors";
import type { GraphFingerprint } from "../../fingerprint/graphFingerprint";
import { validateId } from "../../ids";
import type { CheckpointStore, CheckpointView, ForkOptions, HistoryPage, NewThread, OpenOptions, ResumePoint, ThreadInfo, ThreadWriter, VerifyReport } from "../checkpointStore";
import { pageOptions } from "../historyPage";
import { journalRecord, type CheckpointRecord, type JournalRecord, type ThreadRecord } from "../records";
import { SnapshotPolicy, snapshotPolicyFor } from "../snapshotPolicy";
import { ThreadReplay } from "../threadReplay";
import { editCommit } from "../stateEdit";
import { newThreadResume, ThreadWriterBase } from "../threadWriterBase";

interface MemoryThread {
  lines: string[];
  epoch: number;
  /** Epoch of the writer holding the thread, if any. */
  heldBy?: number;
}

/**
 * The reference store: the same semantics as the file store, kept in this process's memory (tests,
 * benchmarks, throwaway runs). Records are kept as encoded lines so nothing aliases a caller's objects.
 */
export class MemoryStore implements CheckpointStore {
  readonly kind = "memory";
  private readonly threads = new Map<string, MemoryThread>();

  async listThreads(): Promise<ThreadInfo[]> {
    return [...this.threads.keys()].map((id) => this.info(id)).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async threadRecord(id: string): Promise<ThreadRecord> {
    const record = this.records(this.get(id)).find((r): r is ThreadRecord => r.type === "thread");
    if (!record) throw new DurableError("STORE_CORRUPT", `thread ${id} has no thread record`, { thread: id });
    return record;
  }

  async getThread(id: string): Promise<ThreadInfo | undefined> {
    validateId(id);
    return this.threads.has(id) ? this.info(id) : undefined;
  }

  async create(init: NewThread, options: OpenOptions = {}): Promise<ThreadWriter> {
    validateId(init.thread);
    const existing = this.threads.get(init.thread);
    if (existing) {
      if (!options.replace) throw new DurableError("THREAD_EXISTS", `thread ${init.thread} already exists`, { thread: init.thread });
      this.assertFree(init.thread, existing);
    }
    const thread: MemoryThread = { lines: [], epoch: (existing?.epoch ?? 0) + 1 };
    thread.heldBy = thread.epoch;
    this.threads.set(init.thread, thread);
    const writer = new MemoryThreadWriter(this, init.thread, thread, newThreadResume(init), -1, new SnapshotPolicy());
    writer.start(init);
    return writer;
  }

  async open(id: string, options: OpenOptions = {}): Promise<ThreadWriter> {
    const thread = this.get(id);
    this.assertFree(id, thread);
    const replay = this.replay(thread);
    options.check?.(replay.resumePoint());
    thread.epoch++;
    thread.heldBy = thread.epoch;
    return new MemoryThreadWriter(this, id, thread, replay.resumePoint(), replay.lastSeq, snapshotPolicyFor(thread.lines));
  }

  async history(id: string, options: { afterSeq?: number; limit?: number } = {}): Promise<HistoryPage> {
    const { after, limit } = pageOptions(options);
    const records = this.records(this.get(id)).filter((r) => r.seq > after);
    const page = records.slice(0, limit);
    return { records: page, ...(records.length > limit ? { nextSeq: page[page.length - 1]!.seq } : {}) };
  }

  async checkpoint(id: string, step?: number): Promise<CheckpointView> {
    const thread = this.get(id);
    const replay = new ThreadReplay(step === undefined ? {} : { stopAtStep: step });
    let at = 0;
    for (const record of this.records(thread)) {
      replay.apply(record);
      if (record.type === "checkpoint" && record.step === replay.step) at = record.at;
    }
    if (step !== undefined && replay.step !== step) {
      const forked = replay.thread?.forkedFrom;
      // A fork shares its parent's history up to the fork point.
      if (forked && step < forked.step && this.threads.has(forked.thread)) return this.checkpoint(forked.thread, step);
      throw new DurableError("CHECKPOINT_NOT_FOUND", `thread ${id} has no checkpoint at step ${step} (last step: ${replay.step})`, { thread: id, step });
    }
    return { step: replay.step, state: replay.state, next: replay.next, nodes: replay.lastNodes, at, ...(replay.edit ? { edit: replay.edit } : {}) };
  }

  async checkpoints(id: string): Promise<CheckpointRecord[]> {
    return checkpointList(this.records(this.get(id)));
  }

  async delete(id: string): Promise<void> {
    const thread = this.get(id);
    this.assertFree(id, thread);
    this.threads.delete(id);
  }

  async fork(id: string, step: number, newId: string, options: ForkOptions = {}): Promise<ThreadInfo> {
    validateId(newId);
    if (this.threads.has(newId)) throw new DurableError("THREAD_EXISTS", `thread ${newId} already exists`, { thread: newId });
    const view = await this.checkpoint(id, step);
    const source = await this.getThread(id);
    const writer = await this.create({ thread: newId, graph: source!.graph, state: view.state, next: view.next, step, forkedFrom: { thread: id, step }, ...(options.edit ? { edit: editCommit(view.state, options.edit) } : {}) });
    await writer.close();
    return this.info(newId);
  }

  async verify(id: string): Promise<VerifyReport> {
    const thread = this.get(id);
    const records = this.records(thread);
    let step = -1;
    for (const record of records) if (record.type === "checkpoint") step = record.step;
    return { records: records.length, segments: 1, lastSeq: records.at(-1)?.seq ?? -1, bytes: thread.lines.reduce((n, l) => n + l.length + 1, 0), step };
  }

  async lastGraph(id: string): Promise<GraphFingerprint | undefined> {
    return this.replay(this.get(id)).graph;
  }

  /** Memory holds whole records only. */
  async hasTornTail(id: string): Promise<boolean> {
    this.get(id);
    return false;
  }

  /** @internal */
  releaseThread(thread: MemoryThread, epoch: number): void {
    if (thread.heldBy === epoch) thread.heldBy = undefined;
  }

  private info(id: string): ThreadInfo {
    const thread = this.threads.get(id)!;
    const replay = this.replay(thread);
    return replay.info(id, thread.heldBy !== undefined, { pid: process.pid, host: "memory" });
  }

  private replay(thread: MemoryThread): ThreadReplay {
    const replay = new ThreadReplay();
    for (const record of this.records(thread)) replay.apply(record);
    return replay;
  }

  private records(thread: MemoryThread): JournalRecord[] {
    return thread.lines.map((line) => journalRecord.parse(JSON.parse(line)));
  }

  private get(id: string): MemoryThread {
    validateId(id);
    const thread = this.threads.get(id);
    if (!thread) throw new DurableError("THREAD_NOT_FOUND", `no thread ${id}`, { thread: id });
    return thread;
  }

  private assertFree(id: string, thread: MemoryThread): void {
    if (thread.heldBy !== undefined) {
      throw new DurableError("THREAD_LOCKED", `thread ${id} is being run by this process`, { thread: id, pid: process.pid, host: "memory" });
    }
  }
}

class MemoryThreadWriter extends ThreadWriterBase {
  constructor(
    private readonly store: MemoryStore,
    threadId: string,
    private readonly thread: MemoryThread,
    resume: ResumePoint,
    lastSeq: number,
    snapshots: SnapshotPolicy,
  ) {
    super(threadId, thread.epoch, resume, lastSeq, snapshots);
  }

  start(init: NewThread): void {
    this.begin(init);
  }

  protected encode(records: readonly JournalRecord[]): string[] {
    return records.map((record) => JSON.stringify(record));
  }

  protected write(lines: string[]): void {
    if (this.thread.heldBy !== this.epoch) {
      throw new DurableError("FENCED", `thread ${this.threadId} was taken over; this writer may no longer commit`, { thread: this.threadId });
    }
    for (const line of lines) this.thread.lines.push(line);
  }

  protected async release(): Promise<void> {
    // The journal says so as the file store's does (the memory store's lock is its own field).
    if (this.thread.heldBy === this.epoch) this.recordRelease();
    this.store.releaseThread(this.thread, this.epoch);
  }
}
