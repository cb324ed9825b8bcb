import type { GraphFingerprint } from "../fingerprint/graphFingerprint";
import type { StateValues } from "../sdk/types";
import type { StateChange } from "../state/stateChanges";
import type { AnswerRecord, CheckpointRecord, EndRecord, FailureRecord, InterruptRecord, JournalRecord, LgCheckpointRecord, LgWritesRecord, NodeRecord, RunRecord, TaskRecord, ThreadRecord } from "./records";

/** What a thread is doing, as a user would say it. `waiting`: waiting for input (a node asked a question). */
export type ThreadStatus = "running" | "interrupted" | "waiting" | "completed" | "failed" | "cancelled" | "quarantined";

/** A node's question to a person, as journalled (see `InterruptRecord`). */
export type Question = Omit<InterruptRecord, "seq" | "type">;

/** A thread's summary, readable without reading its journal. */
export interface ThreadInfo {
  id: string;
  /** The graph file, as given when the thread was created (relative to the store's parent directory when inside it). */
  graph: string;
  status: ThreadStatus;
  /** Committed super-steps (the input is step 0). */
  step: number;
  /** The node(s) of the last committed step. */
  lastNodes: string[];
  /** Nodes due next (empty when completed). */
  next: string[];
  createdAt: number;
  updatedAt: number;
  error?: { code: string; message: string; node?: string };
  owner?: { pid: number; host: string };
  forkedFrom?: { thread: string; step: number };
  /** The last time opening the thread cut a torn tail off its journal (kept so the editor can say so). */
  repaired?: JournalRepair;
  /** While `waiting`: the questions not answered yet, oldest first. */
  questions?: Question[];
  /** The fingerprint id of the graph its last run ran (absent before any run recorded one). */
  graphId?: string;
  /** `langgraph`: a thread LangGraph.js writes through `DurableGraphsSaver` (our executor does not run it). */
  engine?: "langgraph";
}

/**
 * What opening a thread cut off its journal: the bytes after the last complete record of its newest
 * segment (a process killed mid-write leaves them). Reported in the run's events, the CLI and the editor.
 */
export interface JournalRepair {
  /** The segment file that was cut. */
  file: string;
  /** Where the cut starts (the byte after the last complete record). */
  offset: number;
  /** How many bytes were cut. */
  bytes: number;
  /** How many (incomplete) records those bytes began. */
  records: number;
  at: number;
}

/** Everything a run needs to continue a thread, read from the last committed checkpoint onwards. */
export interface ResumePoint {
  thread: ThreadRecord;
  /** The last committed step. */
  step: number;
  state: StateValues;
  next: string[];
  lastNodes: string[];
  /** Nodes of step `step + 1` whose completion is already recorded: they are not run again. */
  pending: Map<string, NodeRecord>;
  /** Memoised task results of step `step + 1`, keyed by `taskKey(node, name)`. */
  tasks: Map<string, unknown>;
  /** Questions asked in step `step + 1`, keyed by `questionKey(node, index)`, oldest first. */
  questions: Map<string, Question>;
  /** Answers given in step `step + 1`, keyed by `questionKey(node, index)`. */
  answers: Map<string, { value: unknown }>;
  /** Runs started since the last commit: a crash loop shows as several. */
  runsWithoutProgress: number;
  /** How the last run ended, when the journal's last word is an end record. */
  end?: EndRecord;
  /** What opening the thread cut off its journal's torn tail, if anything. */
  repaired?: JournalRepair;
  /** The graph the thread's last run ran, when its run record says. */
  graph?: GraphFingerprint;
}

export function taskKey(node: string, name: string): string {
  return `${node}\u0000${name}`;
}

export function questionKey(node: string, index: number): string {
  return `${node}\u0000${index}`;
}

/** The questions of a resume point that have no answer yet, oldest first. */
export function openQuestions(resume: Pick<ResumePoint, "questions" | "answers">): Question[] {
  return [...resume.questions].filter(([key]) => !resume.answers.has(key)).map(([, question]) => question);
}

export interface NewThread {
  thread: string;
  graph: string;
  input?: unknown;
  /** The initial state (schema defaults plus input), committed as step 0. */
  state: StateValues;
  next: string[];
  forkedFrom?: { thread: string; step: number };
  /** The step number of the initial checkpoint: 0, or the fork point for a fork. */
  step?: number;
  /** A person's edit, committed as the step after the initial checkpoint (a fork made with an edit). */
  edit?: StateEditCommit;
  /** Who writes the thread's steps (see ThreadRecord's `engine`); absent: our executor. */
  engine?: "langgraph";
}

/** A person's edit of a checkpoint's state, to be recorded as a step of a new fork. */
export interface StateEdit {
  /** The whole edited state (already checked against the graph's schema by the caller: stores know no schema). */
  state: StateValues;
  /** Who edited it (an OS or editor user name). */
  by: string;
}

/** An edit as a step commits it: only the keys it changed. */
export interface StateEditCommit extends StateEdit {
  changes: StateChange[];
  keys: string[];
}

export interface ForkOptions {
  /** Record this edit as the fork's first step (step + 1): STATE_EDIT_EMPTY when it changes nothing. */
  edit?: StateEdit;
}

export type Draft<R> = Omit<R, "seq" | "type">;

/** The commit of one super-step. */
export interface StepCommit {
  step: number;
  nodes: string[];
  changes: StateChange[];
  next: string[];
  /** The full state after the step, for a snapshot if one is due (not written otherwise). */
  state: StateValues;
  /** Node completions not yet recorded separately (a single-node step records both in one write). */
  nodeRecords?: Draft<NodeRecord>[];
  /** A person's edit: the step ran no node (see the checkpoint record's `edit`). */
  edit?: { by: string; keys: string[] };
}

/**
 * The one writer of a thread (it holds the thread's lock). Every `record*` call is durable against a
 * process crash when it returns; with `fsync` against power loss too.
 */
export interface ThreadWriter {
  readonly threadId: string;
  readonly epoch: number;
  readonly resume: ResumePoint;
  recordRun(run: Draft<RunRecord>): void;
  recordNode(node: Draft<NodeRecord>): void;
  recordTask(task: Draft<TaskRecord>): void;
  recordFailure(failure: Draft<FailureRecord>): void;
  /** Journals a node's question (before the run stops to wait for its answer). */
  recordInterrupt(question: Draft<InterruptRecord>): void;
  /** Journals a person's answer (already checked against the question's schema). */
  recordAnswer(answer: Draft<AnswerRecord>): void;
  commit(commit: StepCommit): void;
  end(end: Draft<EndRecord>): void;
  /**
   * Throws FENCED if another process has taken the thread over. Called before a task's function runs,
   * so a side effect is never started by a writer that can no longer record it.
   */
  assertOwner(): void;
  /** Releases the lock. Safe to call twice. */
  close(): Promise<void>;
}

/** A writer that journals LangGraph.js's records too (the file and memory stores' writers are). */
export interface LangGraphThreadWriter extends ThreadWriter {
  /** Journals a LangGraph.js checkpoint (`DurableGraphsSaver.put`); durable like a commit. */
  recordLgCheckpoint(checkpoint: Draft<LgCheckpointRecord>): void;
  /** Journals a LangGraph.js task's writes (`DurableGraphsSaver.putWrites`); durable like a commit. */
  recordLgWrites(writes: Draft<LgWritesRecord>): void;
}

export interface OpenOptions {
  /** Replace an existing thread of that id (its journal is deleted first). */
  replace?: boolean;
  /**
   * `open` only: called with where the thread stands before anything is written; what it throws is
   * thrown by `open`, and the thread is left as it was (a graph that no longer fits, a crash loop).
   */
  check?: (resume: ResumePoint) => void;
}

export interface HistoryPage {
  records: JournalRecord[];
  /** Pass as `afterSeq` to read the next page; absent at the end. */
  nextSeq?: number;
}

export interface CheckpointView {
  step: number;
  state: StateValues;
  next: string[];
  nodes: string[];
  at: number;
  /** The step was a person's edit of the state (who, which keys). */
  edit?: { by: string; keys: string[] };
}

/**
 * What `verify` found in a journal that can be read. Damage is not reported here: `verify` throws
 * STORE_CORRUPT naming the file and offset. A torn tail (bytes after the last complete record of the
 * newest segment) is repairable: the next run cuts it.
 */
export interface VerifyReport {
  records: number;
  segments: number;
  lastSeq: number;
  bytes: number;
  /** The last committed step. */
  step: number;
  /** Present when the newest segment ends in an incomplete record. */
  tornTail?: { file: string; offset: number; bytes: number };
}

/**
 * A checkpoint store: the file store (default, in the workspace) and the memory store implement it,
 * and the same conformance suite holds both to it. Readers never take a thread's lock.
 */
export interface CheckpointStore {
  readonly kind: string;
  listThreads(): Promise<ThreadInfo[]>;
  getThread(id: string): Promise<ThreadInfo | undefined>;
  /** The thread's identity record (graph, input, fork origin), without reading its history. */
  threadRecord(id: string): Promise<ThreadRecord>;
  /** Creates a thread, commits its step 0 and returns its writer. THREAD_EXISTS unless `replace`. */
  create(init: NewThread, options?: OpenOptions): Promise<ThreadWriter>;
  /** Takes an existing thread over to continue it. THREAD_NOT_FOUND, THREAD_LOCKED, STORE_CORRUPT. */
  open(id: string, options?: OpenOptions): Promise<ThreadWriter>;
  /** Reads the journal in pages, oldest first. */
  history(id: string, options?: { afterSeq?: number; limit?: number }): Promise<HistoryPage>;
  /** The state at a committed step (the last one by default). */
  checkpoint(id: string, step?: number): Promise<CheckpointView>;
  /** Lists committed steps, oldest first. */
  checkpoints(id: string): Promise<CheckpointRecord[]>;
  /** Deletes a thread. THREAD_LOCKED while a live run holds it. */
  delete(id: string): Promise<void>;
  /**
   * A new thread whose history is `id`'s up to `step`, continuing from there. With `edit`, the fork's
   * next step (step + 1) is that edit: a checkpoint with no nodes, the changed keys only, the same nodes
   * due next, and who made it. The source thread is never touched.
   */
  fork(id: string, step: number, newId: string, options?: ForkOptions): Promise<ThreadInfo>;
  /** Reads and checks every record. STORE_CORRUPT names the file and offset of the first bad one. */
  verify(id: string): Promise<VerifyReport>;
  /** Whether the journal ends in an incomplete record (cheap: its last byte), which taking the thread over cuts. */
  hasTornTail(id: string): Promise<boolean>;
  /** The graph the thread's last run ran (its run record's fingerprint), without reading its history. */
  lastGraph(id: string): Promise<GraphFingerprint | undefined>;
}
