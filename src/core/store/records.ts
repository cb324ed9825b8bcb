import { z } from "zod";
import { graphFingerprint } from "../fingerprint/graphFingerprint";

/**
 * The records of a thread's journal. Every record has a contiguous sequence number; the file store adds
 * a checksum to each line. Records are parsed with these schemas when read. Format version 2 (segments
 * written since) stores a single-node step's node record and checkpoint as one compact line (see the
 * file store's compactStep); the records read back are the same. Version 3 adds what a person does:
 * `interrupt` and `answer` records, an end `waiting` for input, a checkpoint's `edit`, and each run's graph
 * fingerprint (a reader of version 2 would refuse these, so it is told the journal is newer instead).
 * Version 3 also holds the records of threads written through the LangGraph.js checkpointer
 * (`durable-graphs/langgraph`): `lg-checkpoint` and `lg-writes` (see below).
 * Version 1 and 2 segments are still read.
 */
export const JOURNAL_FORMAT = "durable-graphs.journal";
export const JOURNAL_VERSION = 3;

const errorInfo = z.object({
  code: z.string(),
  message: z.string(),
  name: z.string().optional(),
  stack: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const stateChange = z.discriminatedUnion("op", [
  z.object({ key: z.string(), op: z.literal("set"), value: z.unknown() }),
  z.object({ key: z.string(), op: z.literal("append"), items: z.array(z.unknown()) }),
  z.object({ key: z.string(), op: z.literal("unset") }),
]);

export const logLine = z.object({ level: z.enum(["debug", "info", "warn", "error"]), message: z.string(), at: z.number() });
export type LogLine = z.infer<typeof logLine>;
export type StateChangeRecord = z.infer<typeof stateChange>;

/** Opens each segment of the journal (one segment per writer epoch). */
export const segmentRecord = z.object({
  seq: z.number().int().nonnegative(),
  type: z.literal("segment"),
  format: z.literal(JOURNAL_FORMAT),
  version: z.number().int(),
  epoch: z.number().int().positive(),
  at: z.number(),
  /**
   * The segment this one continues (readers follow these links from the newest segment back), and where
   * it ends: anything written to it past `end` (by a fenced writer) is ignored.
   */
  prev: z
    .object({
      epoch: z.number().int(),
      end: z.number().int().nonnegative(),
      seq: z.number().int(),
      /** CRC-32 of that segment's bytes up to `end`, as the process that sealed it checked them (since format 2). */
      sum: z.number().int().nonnegative().optional(),
    })
    .optional(),
  /** The process that writes this segment: it owns the thread until it releases it or dies. */
  owner: z.object({ pid: z.number().int(), start: z.string().nullable(), host: z.string(), boot: z.string().optional() }).optional(),
});

/** The thread's identity, first after the first segment header. */
export const threadRecord = z.object({
  seq: z.number().int(),
  type: z.literal("thread"),
  thread: z.string(),
  graph: z.string(),
  at: z.number(),
  input: z.unknown().optional(),
  forkedFrom: z.object({ thread: z.string(), step: z.number().int() }).optional(),
  /** `langgraph`: the thread is written by LangGraph.js through `DurableGraphsSaver` (its steps are `lg-checkpoint` records). */
  engine: z.literal("langgraph").optional(),
});

/** A run (a process) started working on the thread. Counting them without progress detects crash loops. */
export const runRecord = z.object({
  seq: z.number().int(),
  type: z.literal("run"),
  run: z.string(),
  pid: z.number().int(),
  at: z.number(),
  step: z.number().int(),
  resumed: z.boolean(),
  /** The graph this run ran (absent in journals written before it was recorded). */
  graph: graphFingerprint.optional(),
});

/** A node finished (its writes are pending until the step commits). */
export const nodeRecord = z.object({
  seq: z.number().int(),
  type: z.literal("node"),
  step: z.number().int().positive(),
  node: z.string(),
  attempt: z.number().int().positive(),
  startedAt: z.number(),
  durationMs: z.number(),
  writes: z.record(z.string(), z.unknown()),
  logs: z.array(logLine).optional(),
});

/** A memoised side effect's result (`context.task`). */
export const taskRecord = z.object({
  seq: z.number().int(),
  type: z.literal("task"),
  step: z.number().int().positive(),
  node: z.string(),
  name: z.string(),
  /** Absent when the task returned nothing. */
  value: z.unknown().optional(),
});

/**
 * A node asked a person (`context.interrupt`): the thread waits for an answer. `index` counts the node's
 * questions within the step (a node may ask several, one after another). `schema` is the JSON Schema of
 * the answer's zod schema, so an answer is checked, and a form drawn, without loading the graph.
 */
export const interruptRecord = z.object({
  seq: z.number().int(),
  type: z.literal("interrupt"),
  step: z.number().int().positive(),
  node: z.string(),
  index: z.number().int().nonnegative(),
  /** What the node shows the person (absent when it asked with no payload). */
  value: z.unknown().optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  /**
   * Set when the question is asked again because the node's own schema refused the answer journalled
   * before it (a check JSON Schema cannot hold): why, naming the field. Older readers drop it.
   */
  refused: z.string().optional(),
  at: z.number(),
});

/** A question as the run's events, the thread's summary and `ThreadInfo` carry it: the record without its place in the journal. */
export const questionSchema = interruptRecord.omit({ seq: true, type: true });

/** A person's answer to an interrupt, checked against its schema before it was written. */
export const answerRecord = z.object({
  seq: z.number().int(),
  type: z.literal("answer"),
  step: z.number().int().positive(),
  node: z.string(),
  index: z.number().int().nonnegative(),
  /** Absent when the answer is `undefined` (a bare "go on"). */
  value: z.unknown().optional(),
  at: z.number(),
  /** Who answered (the OS or editor user), when known. */
  by: z.string().optional(),
});

/** A node's try failed (retried or final). */
export const failureRecord = z.object({
  seq: z.number().int(),
  type: z.literal("failure"),
  step: z.number().int().positive(),
  node: z.string().optional(),
  attempt: z.number().int().positive().optional(),
  final: z.boolean(),
  at: z.number(),
  /** When the failed try started (absent in journals written before it was recorded): `at - startedAt` is how long it ran. */
  startedAt: z.number().optional(),
  error: errorInfo,
  logs: z.array(logLine).optional(),
});

/** A super-step committed: the state changes it made and the nodes due next. Step 0 is the input. */
export const checkpointRecord = z.object({
  seq: z.number().int(),
  type: z.literal("checkpoint"),
  step: z.number().int().nonnegative(),
  nodes: z.array(z.string()),
  changes: z.array(stateChange),
  next: z.array(z.string()),
  at: z.number(),
  /**
   * Present on a step no node ran: a person edited the state (the first step of a fork made with an
   * edit; history is never rewritten). `by` is who (an OS or editor user name), `keys` which keys they
   * changed; when is `at`.
   */
  edit: z.object({ by: z.string(), keys: z.array(z.string()) }).optional(),
});

/** The whole state at a committed step, so reading resumes from here instead of the start. */
export const snapshotRecord = z.object({
  seq: z.number().int(),
  type: z.literal("snapshot"),
  step: z.number().int().nonnegative(),
  state: z.record(z.string(), z.unknown()),
  next: z.array(z.string()),
});

/**
 * A run ended: completed (END reached), failed, cancelled, or waiting (a node asked for input and the
 * run stopped until it is answered). A crash leaves no end record.
 */
export const endRecord = z.object({
  seq: z.number().int(),
  type: z.literal("end"),
  status: z.enum(["completed", "failed", "cancelled", "waiting"]),
  step: z.number().int(),
  at: z.number(),
  error: errorInfo.optional(),
});

/**
 * The owner of `epoch` let the thread go (it closed it): written last in its segment. While it is the
 * newest segment's last record, the thread is free to take over at once, whether or not its writer
 * still runs. Written by a writer that was taken over, it lies past the seal, where no reader looks.
 */
export const releaseRecord = z.object({
  seq: z.number().int(),
  type: z.literal("release"),
  epoch: z.number().int().positive(),
  at: z.number(),
  /** CRC-32 of every byte of the segment before this record (file store, since format 2): the next owner checks the segment with it at once. */
  sum: z.number().int().nonnegative().optional(),
});

/**
 * A value as LangGraph's serializer gave it (`serde.dumpsTyped`): `{ json }` when it was JSON (the type
 * "json" and UTF-8 JSON bytes: readable by the CLI and the panel), else its type and bytes in base64.
 */
export const lgValue = z.union([z.object({ type: z.string(), base64: z.string() }), z.object({ json: z.unknown() })]);

/**
 * A LangGraph.js checkpoint (`BaseCheckpointSaver.put`). Only the channels the put says changed
 * (`newVersions`) carry a value here; a reader finds any other channel's value at the version the
 * checkpoint names, in an earlier record. `ns` is the checkpoint namespace ("" is the root graph, a
 * subgraph's is LangGraph's `parent:task|child…`); `step` is LangGraph's `metadata.step` (-1 is the input).
 */
export const lgCheckpointRecord = z.object({
  seq: z.number().int(),
  type: z.literal("lg-checkpoint"),
  ns: z.string(),
  id: z.string(),
  /** The checkpoint this one follows (same namespace), as the put's config named it. */
  parent: z.string().optional(),
  step: z.number().int(),
  /** The checkpoint without `id` and `channel_values`: `v`, `ts`, `channel_versions`, `versions_seen`… as LangGraph gave it. */
  checkpoint: z.record(z.string(), z.unknown()),
  /** The changed channels that hold a value (a changed channel absent here was emptied). */
  values: z.record(z.string(), lgValue),
  metadata: lgValue,
  /** Nodes that ran in the step this checkpoint ends (their `versions_seen` moved), for summaries. */
  nodes: z.array(z.string()),
  /** Nodes due next (their trigger channels are newer than what they saw), for summaries. */
  next: z.array(z.string()),
  at: z.number(),
});

/**
 * One `putWrites` call: a task's writes against checkpoint `checkpoint` of namespace `ns`, journalled
 * as they come (a crash inside a super-step loses no finished task). `idx` is LangGraph's write index
 * (negative for its special channels: errors, interrupts, resumes).
 */
export const lgWritesRecord = z.object({
  seq: z.number().int(),
  type: z.literal("lg-writes"),
  ns: z.string(),
  checkpoint: z.string(),
  task: z.string(),
  /** LangGraph's task path (e.g. `~__pregel_pull, node`): the writes of a step are ordered by it. */
  path: z.string().optional(),
  writes: z.array(z.object({ channel: z.string(), idx: z.number().int(), value: lgValue })),
  at: z.number(),
});

export const journalRecord = z.discriminatedUnion("type", [
  segmentRecord,
  threadRecord,
  runRecord,
  nodeRecord,
  taskRecord,
  interruptRecord,
  answerRecord,
  failureRecord,
  checkpointRecord,
  snapshotRecord,
  endRecord,
  releaseRecord,
  lgCheckpointRecord,
  lgWritesRecord,
]);

export type SegmentRecord = z.infer<typeof segmentRecord>;
export type ThreadRecord = z.infer<typeof threadRecord>;
export type RunRecord = z.infer<typeof runRecord>;
export type NodeRecord = z.infer<typeof nodeRecord>;
export type TaskRecord = z.infer<typeof taskRecord>;
export type InterruptRecord = z.infer<typeof interruptRecord>;
export type AnswerRecord = z.infer<typeof answerRecord>;
export type FailureRecord = z.infer<typeof failureRecord>;
export type CheckpointRecord = z.infer<typeof checkpointRecord>;
export type SnapshotRecord = z.infer<typeof snapshotRecord>;
export type EndRecord = z.infer<typeof endRecord>;
export type ReleaseRecord = z.infer<typeof releaseRecord>;
export type LgValue = z.infer<typeof lgValue>;
export type LgCheckpointRecord = z.infer<typeof lgCheckpointRecord>;
export type LgWritesRecord = z.infer<typeof lgWritesRecord>;
export type JournalRecord = z.infer<typeof journalRecord>;

/** A record before the store numbers it. */
export type NewRecord = JournalRecord extends infer R ? (R extends { seq: number } ? Omit<R, "seq"> : never) : never;
