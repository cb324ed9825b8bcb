import { z } from "zod";
import { errorPayload, question, runEvent } from "./runEvents";

/**
 * The IPC protocol between a host (the extension) and a forked runner process. One message type per
 * request; the runner answers with events while it works, then exactly one `result` or `error`.
 */
/** How an unfinished thread's graph changed since its last run, and whether it can resume on it (runner/graphDrift). */
export const graphDrift = z.object({
  from: z.string(),
  to: z.string(),
  changes: z.array(z.string()),
  resumes: z.enum(["yes", "accept-changes", "no"]),
  reason: z.string().optional(),
});
export type GraphDriftMessage = z.infer<typeof graphDrift>;

export const runRequestMessage = z.object({
  storeDir: z.string(),
  workspace: z.string(),
  thread: z.string(),
  mode: z.enum(["run", "resume"]),
  file: z.string().optional(),
  input: z.unknown().optional(),
  fresh: z.boolean().optional(),
  force: z.boolean().optional(),
  /** Resume on a changed graph that routes elsewhere: the recorded next nodes run. */
  acceptChanges: z.boolean().optional(),
  stepLimit: z.number().int().positive().optional(),
  durability: z.enum(["process", "fsync"]).optional(),
  /** A fault point such as `after-commit:step_1`: the runner SIGKILLs itself there. */
  crashAt: z.string().optional(),
  /** An answer to the thread's open question (the oldest, or the one `node`/`index` name). */
  answer: z.object({ value: z.unknown(), node: z.string().optional(), index: z.number().int().nonnegative().optional(), by: z.string().optional() }).optional(),
});
export type RunRequestMessage = z.infer<typeof runRequestMessage>;

/** Fork a thread at a step, with a person's edit of its state checked against the graph's schema (the graph file is loaded). */
export const forkRequestMessage = z.object({
  storeDir: z.string(),
  workspace: z.string(),
  thread: z.string(),
  step: z.number().int().nonnegative(),
  newId: z.string(),
  edit: z.object({ state: z.unknown(), by: z.string() }).optional(),
  durability: z.enum(["process", "fsync"]).optional(),
});
export type ForkRequestMessage = z.infer<typeof forkRequestMessage>;

export const toRunner = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start"), request: runRequestMessage }),
  /** Load a graph file and report its shape (nodes and edges) without running it. */
  z.object({
    type: z.literal("describe"),
    file: z.string(),
    /** Also judge these unfinished threads of the store against the graph as it is now (see `drifts`). */
    threads: z.object({ storeDir: z.string(), workspace: z.string(), ids: z.array(z.string()) }).optional(),
  }),
  z.object({ type: z.literal("cancel") }),
  z.object({ type: z.literal("fork"), request: forkRequestMessage }),
]);
export type ToRunner = z.infer<typeof toRunner>;

export const fromRunner = z.discriminatedUnion("type", [
  z.object({ type: z.literal("event"), event: runEvent }),
  /** Events in the order they happened, sent together (a step makes several): as many `event` messages. */
  z.object({ type: z.literal("events"), events: z.array(runEvent).min(1) }),
  z.object({
    type: z.literal("result"),
    status: z.enum(["completed", "failed", "cancelled", "waiting"]),
    step: z.number().int(),
    alreadyFinished: z.boolean().optional(),
    /** `waiting`: the open questions. */
    questions: z.array(question).optional(),
  }),
  z.object({ type: z.literal("error"), error: errorPayload }),
  z.object({
    type: z.literal("graph"),
    file: z.string(),
    nodes: z.array(z.string()),
    edges: z.array(z.object({ from: z.string(), to: z.string(), conditional: z.boolean() })),
    warnings: z.array(z.string()),
    /** The graph's fingerprint id. */
    fingerprint: z.string().optional(),
    /** Per thread asked about whose graph changed since its last run: what changed and whether it can resume. */
    drifts: z.record(z.string(), graphDrift).optional(),
    /**
     * `langgraph`: the file's default export is a LangGraph.js graph, drawn from its own `getGraph()`
     * (conditional edges are its routers' possible destinations). Such a graph has no fingerprint and no
     * drifts; its threads are run, resumed and forked as any other. Absent: a graph of the SDK.
     */
    engine: z.literal("langgraph").optional(),
  }),
  /** The answer to `fork`: the new thread and the step it stands at. */
  z.object({ type: z.literal("forked"), thread: z.string(), step: z.number().int() }),
]);
export type FromRunner = z.infer<typeof fromRunner>;
