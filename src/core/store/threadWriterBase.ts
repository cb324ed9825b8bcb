import { DurableError } from "../errors";
import { isStoreFailure } from "./storeFailure";
import { withPlainLists } from "../state/appendList";
import { diffState } from "../state/stateChanges";
import type { Draft, LangGraphThreadWriter, NewThread, ResumePoint, StepCommit } from "./checkpointStore";
import type { AnswerRecord, EndRecord, FailureRecord, InterruptRecord, JournalRecord, LgCheckpointRecord, LgWritesRecord, NewRecord, NodeRecord, RunRecord, TaskRecord } from "./records";
import { SnapshotPolicy } from "./snapshotPolicy";

/**
 * Numbers, encodes and appends records for one thread; the stores supply the line encoding and the
 * durable append. One `write` call per record batch: a single-node step costs one append.
 */
export abstract class ThreadWriterBase implements LangGraphThreadWriter {
  private seq: number;
  private closed = false;

  protected constructor(
    readonly threadId: string,
    readonly epoch: number,
    readonly resume: ResumePoint,
    lastSeq: number,
    private readonly snapshots: SnapshotPolicy,
  ) {
    this.seq = lastSeq;
  }

  /** The lines (without their newlines) that hold the records: one per record, or fewer where the store packs them. */
  protected abstract encode(records: readonly JournalRecord[]): string[];
  /** Appends the lines durably (for the store's durability mode) or throws. */
  protected abstract write(lines: string[], records: JournalRecord[]): void;
  protected abstract release(): Promise<void>;

  /** Writes a new thread's identity and commits its step 0 (the whole initial state). */
  protected begin(init: NewThread): void {
    const thread = this.resume.thread;
    this.append([{ type: "thread", thread: thread.thread, graph: thread.graph, at: thread.at, ...(init.input === undefined ? {} : { input: init.input }), ...(init.forkedFrom ? { forkedFrom: init.forkedFrom } : {}), ...(init.engine ? { engine: init.engine } : {}) }]);
    this.commitStep({ step: init.step ?? 0, nodes: [], changes: diffState({}, init.state, Object.keys(init.state)), next: init.next, state: init.state }, true);
    const edit = init.edit;
    if (edit) this.commitStep({ step: (init.step ?? 0) + 1, nodes: [], changes: edit.changes, next: init.next, state: edit.state, edit: { by: edit.by, keys: edit.keys } }, false);
  }

  recordRun(run: Draft<RunRecord>): void {
    this.append([{ type: "run", ...run }]);
  }

  recordNode(node: Draft<NodeRecord>): void {
    this.append([{ type: "node", ...node }]);
  }

  recordTask(task: Draft<TaskRecord>): void {
    this.append([{ type: "task", ...task }]);
  }

  recordFailure(failure: Draft<FailureRecord>): void {
    this.append([{ type: "failure", ...failure }]);
  }

  recordInterrupt(question: Draft<InterruptRecord>): void {
    this.append([{ type: "interrupt", ...question }]);
  }

  recordAnswer(answer: Draft<AnswerRecord>): void {
    this.append([{ type: "answer", ...answer }]);
  }

  recordLgCheckpoint(checkpoint: Draft<LgCheckpointRecord>): void {
    this.append([{ type: "lg-checkpoint", ...checkpoint }]);
  }

  recordLgWrites(writes: Draft<LgWritesRecord>): void {
    this.append([{ type: "lg-writes", ...writes }]);
  }

  end(end: Draft<EndRecord>): void {
    this.append([{ type: "end", ...end }]);
  }

  /** Says in the journal that this writer lets the thread go (the file store's release; see records). */
  protected recordRelease(sum?: number): void {
    this.append([{ type: "release", epoch: this.epoch, at: Date.now(), ...(sum === undefined ? {} : { sum }) }], false, true);
  }

  /** A writer that cannot be taken over (the memory store's) is always the owner. */
  assertOwner(): void {}

  commit(commit: StepCommit): void {
    this.commitStep(commit, false);
  }

  /** `full`: the changes are the whole state (a thread's first checkpoint), which restarts the snapshot clock. */
  private commitStep(commit: StepCommit, full: boolean): void {
    const drafts: NewRecord[] = (commit.nodeRecords ?? []).map((n) => ({ type: "node" as const, ...n }));
    drafts.push({ type: "checkpoint", step: commit.step, nodes: commit.nodes, changes: commit.changes, next: commit.next, at: Date.now(), ...(commit.edit ? { edit: commit.edit } : {}) });
    if (!full) this.snapshots.changed(commit.changes);
    this.append(drafts, full);
    if (!this.snapshots.due) return;
    try {
      this.append([{ type: "snapshot", step: commit.step, state: withPlainLists(commit.state), next: commit.next }], true);
    } catch (error) {
      // The step is committed; a snapshot only speeds reading. If the disk failed part-way, the writer
      // refuses its next append, and the run stops reporting this step as its last.
      if (!isStoreFailure(error)) throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }

  /**
   * Numbers and writes records; `full` marks a batch that holds a whole state (resets the snapshot clock).
   * `closing`: the release, written as the writer closes.
   */
  private append(drafts: NewRecord[], full = false, closing = false): void {
    if (this.closed && !closing) throw new DurableError("INVALID_ARGUMENT", `the writer of thread ${this.threadId} is closed`, {});
    const records = drafts.map((d) => ({ ...d, seq: ++this.seq }) as JournalRecord);
    const lines = this.encode(records);
    try {
      this.write(lines, records);
    } catch (error) {
      this.seq -= records.length;
      throw error;
    }
    let bytes = 0;
    for (const line of lines) bytes += line.length + 1;
    if (full) this.snapshots.snapshotWritten(bytes);
    else this.snapshots.wrote(bytes);
  }
}

/** Where a thread that was just created stands: step 0, nothing pending. */
export function newThreadResume(init: NewThread): ResumePoint {
  return {
    thread: {
      seq: 0,
      type: "thread",
      thread: init.thread,
      graph: init.graph,
      at: Date.now(),
      ...(init.input === undefined ? {} : { input: init.input }),
      ...(init.forkedFrom ? { forkedFrom: init.forkedFrom } : {}),
      ...(init.engine ? { engine: init.engine } : {}),
    },
    // A fork made with an edit stands at the edit's step.
    step: (init.step ?? 0) + (init.edit ? 1 : 0),
    state: structuredClone(init.edit?.state ?? init.state),
    next: [...init.next],
    lastNodes: [],
    pending: new Map(),
    tasks: new Map(),
    questions: new Map(),
    answers: new Map(),
    runsWithoutProgress: 0,
  };
}
