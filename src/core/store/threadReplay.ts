import { DurableError } from "../errors";
import type { GraphFingerprint } from "../fingerprint/graphFingerprint";
import { applyChanges } from "../state/stateChanges";
import type { Question, ResumePoint, ThreadInfo, ThreadStatus } from "./checkpointStore";
import { openQuestions, questionKey, taskKey } from "./checkpointStore";
import type { EndRecord, JournalRecord, NodeRecord, ThreadRecord } from "./records";
import { LangGraphReplay } from "./langGraphReplay";

/**
 * Folds a thread's records, oldest first, into where the thread stands: the state at its last committed
 * step, what is due next, and what of the next step is already done. Both stores use it, so they agree
 * on what a journal means. Starting from a snapshot record skips everything before it.
 */
export class ThreadReplay {
  thread?: ThreadRecord;
  step = -1;
  state: Record<string, unknown> = {};
  next: string[] = [];
  lastNodes: string[] = [];
  /** The last committed step's edit, when a person made it. */
  edit?: { by: string; keys: string[] };
  pending = new Map<string, NodeRecord>();
  tasks = new Map<string, unknown>();
  questions = new Map<string, Question>();
  answers = new Map<string, { value: unknown }>();
  runsWithoutProgress = 0;
  end?: EndRecord;
  lastFailure?: { code: string; message: string; node?: string };
  lastSeq = -1;
  updatedAt = 0;
  /** The fingerprint of the last run's graph (a snapshot does not reset it: a tail read from one may miss it). */
  graph?: GraphFingerprint;
  /** A thread written by LangGraph.js: its checkpoints, folded (see LangGraphReplay). */
  lg?: LangGraphReplay;
  private readonly stopAtStep: number | undefined;

  /** With `stopAtStep`, records after that step's commit are ignored (a view of the past). */
  constructor(options: { stopAtStep?: number } = {}) {
    this.stopAtStep = options.stopAtStep;
  }

  get stopped(): boolean {
    if (this.stopAtStep === undefined) return false;
    // A LangGraph.js thread's steps are its root checkpoints: the store's empty step 0 before them is not one.
    if (this.thread?.engine === "langgraph") return this.lgStep >= this.stopAtStep;
    return this.step >= this.stopAtStep;
  }

  /** LangGraph's step of the newest root checkpoint applied (-1: its input). */
  private lgStep = -2;

  apply(record: JournalRecord): void {
    if (this.stopped) return;
    this.lastSeq = record.seq;
    switch (record.type) {
      case "segment":
        return;
      case "thread":
        this.thread = record;
        this.updatedAt = record.at;
        return;
      case "run":
        this.runsWithoutProgress++;
        this.end = undefined;
        if (record.graph) this.graph = record.graph;
        this.updatedAt = record.at;
        return;
      case "node":
        if (record.step === this.step + 1) this.pending.set(record.node, record);
        this.updatedAt = record.startedAt + record.durationMs;
        return;
      case "task":
        if (record.step === this.step + 1) this.tasks.set(taskKey(record.node, record.name), record.value);
        return;
      case "interrupt":
        if (record.step === this.step + 1) {
          const { seq: _seq, type: _type, ...question } = record;
          this.questions.set(questionKey(record.node, record.index), question);
          // Asked again after the node's schema refused its answer: that answer no longer counts.
          this.answers.delete(questionKey(record.node, record.index));
        }
        this.updatedAt = record.at;
        return;
      case "answer":
        if (record.step === this.step + 1) this.answers.set(questionKey(record.node, record.index), { value: record.value });
        this.updatedAt = record.at;
        return;
      case "failure":
        if (record.final) this.lastFailure = { code: record.error.code, message: record.error.message, node: record.node };
        this.updatedAt = record.at;
        return;
      case "checkpoint":
        if (record.step !== this.step + 1 && this.step !== -1) {
          throw new DurableError("STORE_CORRUPT", `checkpoint of step ${record.step} follows step ${this.step}`, { seq: record.seq });
        }
        applyChanges(this.state, record.changes);
        this.step = record.step;
        this.next = record.next;
        this.lastNodes = record.nodes;
        this.edit = record.edit;
        this.pending = new Map();
        this.tasks = new Map();
        this.questions = new Map();
        this.answers = new Map();
        this.runsWithoutProgress = 0;
        this.lastFailure = undefined;
        this.end = undefined;
        this.updatedAt = record.at;
        return;
      case "snapshot":
        this.state = record.state;
        this.step = record.step;
        this.next = record.next;
        return;
      case "end":
        this.end = record;
        this.updatedAt = record.at;
        return;
      case "lg-checkpoint":
        // A LangGraph.js step: where the thread stands is its root checkpoint's (a subgraph's only dates it).
        this.updatedAt = record.at;
        if (!(this.lg ??= new LangGraphReplay()).applyCheckpoint(record)) return;
        this.lgStep = record.step;
        this.step = this.lg.step;
        this.next = this.lg.next;
        this.lastNodes = this.lg.nodes;
        this.state = this.lg.state;
        this.questions = this.lg.questions;
        this.runsWithoutProgress = 0;
        this.lastFailure = undefined;
        this.end = undefined;
        return;
      case "lg-writes":
        this.updatedAt = record.at;
        this.lg?.applyWrites(record);
        if (this.lg?.failure) this.lastFailure = this.lg.failure;
        return;
    }
  }

  resumePoint(): ResumePoint {
    if (!this.thread || this.step < 0) {
      throw new DurableError("STORE_CORRUPT", "the journal has no thread record or no initial checkpoint", {});
    }
    return {
      thread: this.thread,
      step: this.step,
      state: this.state,
      next: this.next,
      lastNodes: this.lastNodes,
      pending: this.pending,
      tasks: this.tasks,
      questions: this.questions,
      answers: this.answers,
      runsWithoutProgress: this.runsWithoutProgress,
      end: this.end,
      ...(this.graph ? { graph: this.graph } : {}),
    };
  }

  /** The thread's summary; `running` decides between running and interrupted for an unfinished thread. */
  info(id: string, running: boolean, owner?: { pid: number; host: string }): ThreadInfo {
    const thread = this.thread;
    let status: ThreadStatus;
    if (this.end) status = this.end.status;
    else if (running) status = "running";
    // LangGraph.js writes no end record: its last checkpoint and writes say how it stopped.
    else status = this.lg ? this.lg.status() : "interrupted";
    const questions = status === "waiting" ? openQuestions(this) : [];
    const error = this.end?.error
      ? { code: this.end.error.code, message: this.end.error.message, node: this.lastFailure?.node ?? (this.end.error.details?.node as string | undefined) }
      : status === "failed" && this.lg?.failure
        ? this.lg.failure
        : undefined;
    return {
      id,
      graph: thread?.graph ?? "",
      status,
      step: Math.max(this.step, 0),
      lastNodes: this.lastNodes,
      next: this.next,
      createdAt: thread?.at ?? 0,
      updatedAt: this.updatedAt,
      ...(error ? { error } : {}),
      ...(running && owner ? { owner } : {}),
      ...(thread?.forkedFrom ? { forkedFrom: thread.forkedFrom } : {}),
      ...(questions.length ? { questions } : {}),
      ...(this.graph ? { graphId: this.graph.id } : {}),
      ...(thread?.engine ? { engine: thread.engine } : {}),
    };
  }
}
