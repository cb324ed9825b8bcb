import { crc32 } from "node:zlib";
import { DurableError, isDurableError } from "../../errors";
import { isStoreFailure } from "../storeFailure";
import { questionKey, type Draft, type Question, type ResumePoint, type ThreadInfo } from "../checkpointStore";
import type { EndRecord, JournalRecord } from "../records";
import { lgQuestions } from "../langGraphReplay";
import type { SnapshotPolicy } from "../snapshotPolicy";
import { ThreadWriterBase } from "../threadWriterBase";
import { encodeLines } from "./journalLine";
import type { Durability } from "./segmentFile";
import { startHeartbeat } from "./threadLock";
import { MetaWriter, metaFromInfo } from "./threadMeta";
import { segmentPath } from "./threadFiles";
import type { StoreFs } from "./storeFs";
import { linesForward } from "./lineReader";
import { SMALL_JOURNAL_BYTES } from "./smallJournalSummary";

export type { Durability } from "./segmentFile";

export interface FileThreadWriterOptions {
  durability: Durability;
  leaseMs: number;
  /** The time in this writer's segment header: a compact step line's times count from it. */
  segmentAt: number;
  /** CRC-32 of the segment's bytes so far (its header): the writer carries it on over what it appends, for its release. */
  segmentSum: number;
  /**
   * The thread is being built in a staging directory (`create`): no heartbeat and no summary until
   * `movedTo` names its final place, or they would keep writing to a path that no longer exists.
   */
  staged?: boolean;
}

/**
 * Appends to this writer's own journal segment. Before appending it checks that no later segment
 * exists (see `checkStillOwner`): once another process has taken the thread over, this writer can commit
 * nothing more (anything it wrote after the takeover lies past the seal, where no reader looks).
 */
export class FileThreadWriter extends ThreadWriterBase {
  private meta?: MetaWriter;
  private stopHeartbeat: () => void = () => undefined;
  private fencedBy?: DurableError;
  private fenceCheckedAt = Number.NEGATIVE_INFINITY;
  /** Set when an append failed part-way: the segment's tail is unknown, so nothing more may follow it. */
  private broken?: unknown;
  private info: ThreadInfo;
  /** The open questions of the step under way (the summary lists them while the thread waits). */
  private questions: Map<string, Question>;
  /** CRC-32 of every byte of this writer's segment so far. */
  private segmentSum: number;
  /** Bytes appended to it (its header aside). */
  private segmentBytes = 0;

  constructor(
    private readonly fs: StoreFs,
    private dir: string,
    threadId: string,
    epoch: number,
    resume: ResumePoint,
    lastSeq: number,
    snapshots: SnapshotPolicy,
    private readonly fd: number,
    private readonly options: FileThreadWriterOptions,
  ) {
    super(threadId, epoch, resume, lastSeq, snapshots);
    this.segmentSum = options.segmentSum;
    // Opening a finished thread changes nothing until a run starts (its run record says so).
    const ended = resume.end;
    this.info = {
      id: threadId,
      graph: resume.thread.graph,
      status: ended ? ended.status : "running",
      step: resume.step,
      lastNodes: resume.lastNodes,
      next: resume.next,
      createdAt: resume.thread.at,
      updatedAt: Date.now(),
      ...(ended?.error ? { error: endError(ended.error) } : {}),
      ...(resume.thread.forkedFrom ? { forkedFrom: resume.thread.forkedFrom } : {}),
      ...(resume.repaired ? { repaired: resume.repaired } : {}),
      ...(resume.graph ? { graphId: resume.graph.id } : {}),
      ...(resume.thread.engine ? { engine: resume.thread.engine } : {}),
    };
    this.questions = new Map(resume.questions);
    for (const key of resume.answers.keys()) this.questions.delete(key);
    if (ended?.status === "waiting") this.info.questions = [...this.questions.values()];
    if (!options.staged) this.attach();
  }

  /** Writes a new thread's identity and step 0 (file store `create`). */
  start(init: Parameters<ThreadWriterBase["begin"]>[0]): void {
    this.begin(init);
  }

  /** The directory moved into place (a new thread is built aside and renamed): start beating and summarising there. */
  movedTo(dir: string): void {
    this.dir = dir;
    this.attach();
  }

  publishRunning(): void {
    this.meta?.update(metaFromInfo({ ...this.info }, this.epoch), true);
  }

  protected encode(records: readonly JournalRecord[]): string[] {
    return encodeLines(records, this.options.segmentAt);
  }

  /** A run's end is what it reports to its user: whether this writer still owns the thread is always looked up first. */
  override end(end: Draft<EndRecord>): void {
    this.assertOwner();
    super.end(end);
  }

  protected write(lines: string[], records: JournalRecord[]): void {
    this.checkStillOwner();
    // An append that failed part-way left a torn tail: nothing may follow it (the next owner cuts it).
    if (this.broken !== undefined) throw this.broken;
    const data = Buffer.from(lines.length === 1 ? `${lines[0]}\n` : `${lines.join("\n")}\n`);
    let written = 0;
    try {
      // A regular file takes the whole buffer at once in practice; a short write must still not leave half a record.
      while (written < data.length) written += this.fs.writeSync(this.fd, data, written, data.length - written);
      if (this.options.durability === "fsync" && records.some(mustSurvivePowerLoss)) this.fs.fdatasyncSync(this.fd);
      this.segmentSum = crc32(data, this.segmentSum);
      this.segmentBytes += data.length;
    } catch (error) {
      // Nothing written: the journal is intact and the caller may try again. Otherwise its tail is torn;
      // a failed sync, too, leaves what is on disk unknown.
      if (written > 0) this.broken = error;
      throw error;
    }
    this.observe(records);
  }

  /**
   * Before an append: whether a successor took the thread over, looked up (a stat) at most every
   * FENCE_CHECK_MS. A successor can only take over an owner that stalled (it died, was stopped, or its
   * event loop was blocked past the lease), and a stall outlasts the interval, so the first append after
   * it looks. Correctness does not rest on this check (a successor ignores what a fenced writer appends
   * past the end its header sealed); it stops a fenced run before it does more work.
   */
  private checkStillOwner(): void {
    if (this.fencedBy) throw this.fencedBy;
    const now = performance.now();
    if (now - this.fenceCheckedAt < FENCE_CHECK_MS) return;
    this.assertOwner();
    this.fenceCheckedAt = performance.now();
  }

  override assertOwner(): void {
    if (this.fencedBy) throw this.fencedBy;
    if (!this.isFenced()) return;
    const successor = this.successor();
    this.fencedBy = new DurableError(
      "FENCED",
      `thread ${this.threadId} was taken over${successor ? ` by process ${successor.pid}` : ""}; this run stopped without committing`,
      { thread: this.threadId, ...(successor ? { pid: successor.pid, host: successor.host } : {}) },
    );
    this.stopHeartbeat();
    this.meta?.cancel();
    throw this.fencedBy;
  }

  protected async release(): Promise<void> {
    this.stopHeartbeat();
    try {
      // A writer taken over without noticing (it wrote nothing since) must leave its successor's summary and lock alone.
      if (!this.fencedBy && !this.isFenced()) {
        if (this.info.status === "running") this.info = { ...this.info, status: "interrupted" };
        await this.meta?.flush(metaFromInfo({ ...this.info }, this.epoch));
        // Taken over in the instant between the check and this append, the record lies past the seal.
        // After a failed append (a torn tail) nothing may follow: the thread is released when this process ends.
        if (this.broken === undefined) {
          try {
            this.recordRelease(this.segmentSum);
          } catch (error) {
            // A full or read-only disk, or taken over meanwhile: a dead owner holds nothing, nor does a fenced one.
            if (!isStoreFailure(error) && !isDurableError(error, "FENCED")) throw error;
          }
        }
      } else {
        this.meta?.cancel();
      }
    } finally {
      this.fs.closeSync(this.fd);
    }
  }

  private isFenced(): boolean {
    return this.fs.existsSync(segmentPath(this.dir, this.epoch + 1));
  }

  /** The process that took the thread over (from its segment's header), for the message. */
  private successor(): { pid: number; host: string } | undefined {
    const path = segmentPath(this.dir, this.epoch + 1);
    try {
      const lines = linesForward(this.fs, path, 0, this.fs.statSync(path).size, 4096);
      const first = lines.next();
      lines.return({ trailing: 0 });
      return first.done ? undefined : (JSON.parse(first.value.text) as { owner?: { pid: number; host: string } }).owner;
    } catch {
      return undefined;
    }
  }

  /**
   * Sets the thread directory's modification time to now, as writing its summary would have: the editor's
   * backup poll (storeSignature) notices a thread's change by its directory's time.
   */
  private touchDirectory(): void {
    try {
      const fd = this.fs.openSync(this.dir, "r");
      try {
        const now = new Date();
        this.fs.futimesSync(fd, now, now);
      } finally {
        this.fs.closeSync(fd);
      }
    } catch {
      // Only a hint for pollers: the journal says the thread ended either way.
    }
  }

  private attach(): void {
    this.meta = new MetaWriter(this.dir, () => !this.fencedBy && !this.isFenced(), this.options.staged === true);
    this.stopHeartbeat = startHeartbeat(this.fs, this.fd, this.options.leaseMs);
  }

  /** Keeps the summary in step with what was written (cheap: no state is touched). */
  private observe(records: JournalRecord[]): void {
    let changed = false;
    let urgent = false;
    for (const record of records) {
      if (record.type === "checkpoint") {
        this.info.step = record.step;
        this.info.lastNodes = record.nodes;
        this.info.next = record.next;
        this.info.updatedAt = record.at;
        delete this.info.error;
        this.questions.clear();
        changed = true;
      } else if (record.type === "interrupt") {
        const { seq: _seq, type: _type, ...question } = record;
        this.questions.set(questionKey(record.node, record.index), question);
      } else if (record.type === "answer") {
        this.questions.delete(questionKey(record.node, record.index));
      } else if (record.type === "end") {
        this.info.status = record.status;
        if (record.status === "waiting") this.info.questions = [...this.questions.values()];
        this.info.updatedAt = record.at;
        if (record.error) this.info.error = endError(record.error);
        changed = urgent = true;
        // Ended within its first moments with a small journal: listing reads that instead of a summary.
        if (this.epoch === 1 && this.segmentBytes < SMALL_JOURNAL_BYTES / 2 && this.meta?.forgo()) this.touchDirectory();
      } else if (record.type === "lg-checkpoint" && record.ns === "") {
        // A LangGraph.js step (the root graph's): the summary follows it as it follows a commit.
        if (this.info.status !== "running") urgent = true;
        this.info.status = "running";
        this.info.step = Math.max(record.step, 0);
        this.info.lastNodes = record.nodes;
        this.info.next = record.next;
        this.info.updatedAt = record.at;
        delete this.info.error;
        delete this.info.questions;
        this.questions.clear();
        changed = true;
      } else if (record.type === "lg-writes" && record.ns === "") {
        // A LangGraph.js `interrupt()`: the summary lists the question once the run ends waiting for it.
        for (const question of lgQuestions(record, this.info.step)) this.questions.set(questionKey(question.node, question.index), question);
      } else if (record.type === "run") {
        // Urgent only when the status changes: a thread just created already says "running".
        if (this.info.status !== "running" || this.info.error) urgent = true;
        this.info.status = "running";
        delete this.info.error;
        delete this.info.questions;
        if (record.graph) this.info.graphId = record.graph.id;
        changed = true;
      }
    }
    if (changed) this.meta?.update(metaFromInfo({ ...this.info }, this.epoch), urgent);
  }
}

function endError(error: NonNullable<EndRecord["error"]>): NonNullable<ThreadInfo["error"]> {
  return { code: error.code, message: error.message, ...(error.details?.node ? { node: String(error.details.node) } : {}) };
}

/** How often an appending writer looks for a successor's segment (see `checkStillOwner`). */
const FENCE_CHECK_MS = 5;

/**
 * In fsync mode, what must be on disk before the run goes on: a commit, a task's result (its side
 * effect must not repeat), a person's answer (they would have to give it again), a run's end, and
 * LangGraph.js's checkpoints and task writes. A node's completion record is not synced on its own: lost to a
 * power failure, it only makes the node run again (at least once), and the step's commit syncs it anyway.
 */
function mustSurvivePowerLoss(record: JournalRecord): boolean {
  return (
    record.type === "checkpoint" || record.type === "task" || record.type === "answer" || record.type === "end" || record.type === "snapshot" ||
    // LangGraph.js's writes are what a resumed step does not redo; its checkpoints are its commits.
    record.type === "lg-checkpoint" || record.type === "lg-writes"
  );
}
