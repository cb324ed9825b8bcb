import * as z from "zod";

/**
 * The protocol between the extension host and the run panel's webview: one discriminated union per
 * direction, parsed on receipt at both ends. The webview is untrusted: it holds state values written
 * by graph code, so what it may ask for is narrow (a cell's details, a command on this panel's own
 * thread, a file location the host checks before opening).
 */

const text = (max: number) => z.string().max(max);
const name = text(256);
const count = z.number().int().nonnegative();
/**
 * A cell's id: `n<seq>` (a node record), `f<seq>` (a final failure), `m<seq>` (a marker), `q<seq>` (a
 * node's question, its interrupt record), `r<step>:<node>` (running).
 */
export const cellId = z.string().regex(/^(?:[nfmq]\d{1,12}|r\d{1,12}:[^\n]{1,256})$/);

export const threadStatus = z.enum(["running", "interrupted", "waiting", "completed", "failed", "cancelled", "quarantined"]);

/** What the header shows and which actions it offers. */
export const threadHeader = z.object({
  id: name,
  graph: text(4096),
  status: threadStatus,
  step: count,
  lastNodes: z.array(name),
  next: z.array(name),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Sum of the executed nodes' durations. */
  nodeTimeMs: z.number().nonnegative(),
  error: z.object({ code: name, message: text(10_000) }).optional(),
  owner: z.object({ pid: z.number().int(), here: z.boolean() }).optional(),
  forkedFrom: z.object({ thread: name, step: count }).optional(),
  /**
   * The last time opening the thread cut a torn tail off its journal (a process killed mid-write):
   * from the run's `repaired` event while this window runs it, else from the thread's summary.
   * `message` is the sentence the header shows (wording belongs to the extension, not the webview).
   */
  repaired: z
    .object({ file: text(4096), offset: count, bytes: count, records: count, at: z.number(), message: text(2000) })
    .optional(),
  /** The graph file changed since the thread's last run: the sentence to show, and whether resuming is refused. */
  graphChanged: z.object({ message: text(10_000), refused: z.boolean() }).optional(),
  /** False in Restricted Mode: run actions are shown disabled. */
  trusted: z.boolean(),
  /** `langgraph`: LangGraph.js wrote the thread (through `DurableGraphsSaver`); its state is not edited from here. */
  engine: z.literal("langgraph").optional(),
});
export type ThreadHeader = z.infer<typeof threadHeader>;

/** Which graph nodes to highlight. */
export const nodeMarks = z.object({ done: z.array(name), running: z.array(name), failed: z.array(name), next: z.array(name) });
export type NodeMarks = z.infer<typeof nodeMarks>;

export const graphShape = z.object({
  nodes: z.array(name).max(2000),
  edges: z.array(z.object({ from: name, to: name, conditional: z.boolean() })).max(20_000),
  /** True when drawn from the journal (the graph file could not be loaded, or may not run here). */
  inferred: z.boolean(),
  note: text(10_000).optional(),
});
export type GraphShape = z.infer<typeof graphShape>;

const nodeCell = z.object({
  kind: z.literal("node"),
  id: cellId,
  /** Execution number, `[n]`, in journal order. */
  n: count,
  step: count,
  node: name,
  status: z.enum(["done", "failed", "running"]),
  attempts: count,
  startedAt: z.number(),
  durationMs: z.number().nonnegative().optional(),
  /** The state keys it wrote. */
  keys: z.array(name).max(1000),
  logs: count,
  /** True when its step was committed (it can be forked from). */
  committed: z.boolean(),
  error: text(2000).optional(),
});
const markerCell = z.object({
  kind: z.literal("marker"),
  id: cellId,
  tone: z.enum(["info", "warn", "error"]),
  text: text(2000),
  at: z.number(),
});
/**
 * A node's question to a person (`context.interrupt`): the payload it shows and the JSON Schema of a
 * valid answer (the webview draws a form from it), and once answered, the answer, who gave it and when.
 */
const questionCell = z.object({
  kind: z.literal("question"),
  id: cellId,
  step: count,
  node: name,
  index: count,
  /** The payload as JSON text (absent: asked with none). */
  value: text(400_000).optional(),
  /** What a valid answer looks like (absent: any JSON). */
  schema: z.record(z.string(), z.unknown()).optional(),
  /** Asked again: why the node's own schema refused the answer before. */
  refused: text(4000).optional(),
  at: z.number(),
  answer: z.object({ value: text(400_000).optional(), by: name.optional(), at: z.number() }).optional(),
});
export const cellSummary = z.discriminatedUnion("kind", [nodeCell, markerCell, questionCell]);
export type CellSummary = z.infer<typeof cellSummary>;
export type NodeCell = z.infer<typeof nodeCell>;
export type MarkerCell = z.infer<typeof markerCell>;
export type QuestionCell = z.infer<typeof questionCell>;

/** One line of a stack: linked when it points into the workspace. */
export const stackLine = z.object({
  text: text(4000),
  at: z.object({ file: text(4096), line: z.number().int().positive(), column: z.number().int().positive() }).optional(),
  /** A frame of Durable Graphs' own code or of Node's: the panel shows it only with the whole stack. */
  internal: z.boolean().optional(),
});

const valueText = text(400_000);
export const cellDetail = z.object({
  /** The state the node received, as JSON text (cut when very large). */
  input: valueText,
  changes: z.array(z.object({ key: name, before: valueText.optional(), after: valueText.optional(), returned: valueText.optional() })),
  logs: z.array(z.object({ level: z.enum(["debug", "info", "warn", "error"]), message: text(100_000), at: z.number() })),
  errors: z.array(
    z.object({ attempt: count, final: z.boolean(), code: name, message: text(100_000), stack: z.array(stackLine).max(200) }),
  ),
  tasks: z.array(z.object({ name, value: valueText })),
});
export type CellDetail = z.infer<typeof cellDetail>;

/** Which keys differ between two checkpoints of the thread (values as JSON text). */
const checkpointDiff = z.object({
  kind: z.literal("checkpoints"),
  from: count,
  to: count,
  keys: z.array(z.object({ key: name, change: z.enum(["added", "removed", "changed"]), before: valueText.optional(), after: valueText.optional() })).max(1000),
});

/**
 * A fork beside the thread it was forked from, step by step after the fork point: for each pair of
 * steps, which nodes ran in each and whether their outputs (their writes) are the same.
 */
const originComparison = z.object({
  kind: z.literal("origin"),
  origin: name,
  forkPoint: count,
  /** The fork's edit, if a person made one (it is not compared: it is why the fork differs). */
  edit: z.object({ step: count, by: name, keys: z.array(name).max(1000) }).optional(),
  steps: z
    .array(
      z.object({
        originStep: count.optional(),
        forkStep: count.optional(),
        nodes: z.array(z.object({ node: name, outcome: z.enum(["same", "differs", "only-origin", "only-fork"]), keys: z.array(name).max(1000) })).max(1000),
      }),
    )
    .max(5000),
  /** True when there were more steps than shown. */
  cut: z.boolean(),
});
export const comparison = z.discriminatedUnion("kind", [checkpointDiff, originComparison]);
export type Comparison = z.infer<typeof comparison>;
export type OriginComparison = z.infer<typeof originComparison>;
export type CheckpointDiff = z.infer<typeof checkpointDiff>;

/** Host → webview. */
export const toPanel = z.discriminatedUnion("type", [
  /** Starts over: everything shown before belongs to another load of the thread. */
  z.object({ type: z.literal("init"), folder: text(4096), thread: threadHeader }),
  z.object({ type: z.literal("thread"), thread: threadHeader, marks: nodeMarks }),
  z.object({ type: z.literal("graph"), graph: graphShape }),
  /**
   * A window onto the thread's list of cells (the webview keeps only pages of it and asks for more as
   * it scrolls): the list now holds `total` cells; what the webview held at index `staleFrom` or after
   * is out of date (running cells replaced by their records); `cells` are the cells from index `start`
   * on; `patch` replaces single cells before `staleFrom` (a step committed, a run's marker closed).
   */
  z.object({
    type: z.literal("cells"),
    total: count,
    staleFrom: count,
    start: count,
    cells: z.array(cellSummary).max(5000),
    patch: z.array(z.object({ i: count, cell: cellSummary })).max(5000),
  }),
  z.object({ type: z.literal("detail"), id: cellId, detail: cellDetail.optional(), error: text(10_000).optional() }),
  z.object({ type: z.literal("gone"), message: text(2000) }),
  /** A comparison the webview asked for (`compare`), or why it could not be made. */
  z.object({ type: z.literal("comparison"), comparison: comparison.optional(), error: text(10_000).optional() }),
  /**
   * What became of an answer the webview sent for question cell `id`: `sent` (a run resumes the thread
   * with it; the cell shows the answer once it is journalled), or refused, nothing written: `error` says
   * why and `path` names the field it is about (empty: the answer as a whole).
   */
  z.object({ type: z.literal("answerResult"), id: cellId, sent: z.boolean(), error: text(10_000).optional(), path: text(1000).optional() }),
]);
export type ToPanel = z.infer<typeof toPanel>;

/** Webview → host. */
export const fromPanel = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("loadDetail"), id: cellId }),
  /** The cells from index `start` on (the webview scrolled to cells it does not hold). */
  z.object({ type: z.literal("loadCells"), start: count, count: z.number().int().min(1).max(1000) }),
  z.object({ type: z.literal("action"), action: z.enum(["resume", "cancel", "reset", "openGraph", "refresh"]) }),
  z.object({ type: z.literal("fork"), step: count }),
  /** Edit State at Checkpoint / Replay from Here, at a committed step of this panel's thread. */
  z.object({ type: z.literal("checkpointAction"), action: z.enum(["editState", "replay"]), step: count }),
  /** Compare this fork with its origin, or diff two checkpoints (steps asked for by the host when absent). */
  z.object({ type: z.literal("compare"), what: z.enum(["origin", "checkpoints"]), from: count.optional(), to: count.optional() }),
  z.object({ type: z.literal("openLocation"), file: text(4096), line: z.number().int().positive(), column: z.number().int().positive() }),
  /** The answer to question cell `id` (checked here, then by the host, then by the runner). */
  z.object({ type: z.literal("answer"), id: cellId, value: z.unknown() }),
]);
export type FromPanel = z.infer<typeof fromPanel>;

/**
 * What the webview keeps with `setState` (restored after a reload): which thread, where it was
 * scrolled, which cells were open. The host reads the identity part when it revives the panel.
 */
export const panelState = z.object({
  folder: text(4096),
  thread: name,
  scrollTop: z.number().nonnegative().optional(),
  open: z.array(text(300)).max(2000).optional(),
  diagram: z.boolean().optional(),
});
export type PanelState = z.infer<typeof panelState>;
