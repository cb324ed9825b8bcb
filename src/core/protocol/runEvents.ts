import { z } from "zod";
import { questionSchema } from "../store/records";

/**
 * What a run reports as it goes: over IPC when the runner is forked (the extension), as NDJSON on
 * stdout with `--json` (the CLI, scripts). One schema for both, parsed on receipt.
 */
export const errorPayload = z.object({
  code: z.string(),
  message: z.string(),
  name: z.string().optional(),
  stack: z.string().optional(),
  node: z.string().optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorPayload = z.infer<typeof errorPayload>;

/** A node's question to a person, as journalled. */
export const question = questionSchema;

export const runEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("run-started"),
    thread: z.string(),
    graph: z.string(),
    /** True when the thread already had checkpoints: this run continues it. */
    resumed: z.boolean(),
    /** The last committed step (0 = only the input). */
    step: z.number().int(),
    lastNodes: z.array(z.string()),
    next: z.array(z.string()),
    /** Nodes of the next step whose completion was already recorded (they will not run again). */
    pending: z.array(z.string()),
    pid: z.number().int(),
    /** The graph differs from the one the thread's last run ran: the fingerprints and what changed ("node plan changed"). */
    graphChanged: z.object({ from: z.string(), to: z.string(), changes: z.array(z.string()) }).optional(),
  }),
  z.object({ type: z.literal("warning"), message: z.string() }),
  /** Opening the thread cut a torn tail off its journal (a process died mid-write): what was cut. */
  z.object({
    type: z.literal("repaired"),
    thread: z.string(),
    file: z.string(),
    offset: z.number().int(),
    bytes: z.number().int(),
    records: z.number().int(),
  }),
  z.object({ type: z.literal("step-started"), step: z.number().int(), nodes: z.array(z.string()) }),
  z.object({ type: z.literal("node-started"), step: z.number().int(), node: z.string(), attempt: z.number().int() }),
  z.object({
    type: z.literal("node-finished"),
    step: z.number().int(),
    node: z.string(),
    attempt: z.number().int(),
    durationMs: z.number(),
    /** True when the node's recorded result was reused instead of running it again. */
    replayed: z.boolean(),
    keys: z.array(z.string()),
  }),
  z.object({
    type: z.literal("node-retry"),
    step: z.number().int(),
    node: z.string(),
    attempt: z.number().int(),
    delayMs: z.number(),
    error: errorPayload,
  }),
  z.object({
    type: z.literal("log"),
    step: z.number().int(),
    node: z.string(),
    level: z.enum(["debug", "info", "warn", "error"]),
    message: z.string(),
  }),
  z.object({
    type: z.literal("checkpoint"),
    step: z.number().int(),
    nodes: z.array(z.string()),
    next: z.array(z.string()),
    changed: z.array(z.string()),
  }),
  /** A node asked a person (`context.interrupt`) and stopped until the answer comes. */
  questionSchema.omit({ at: true }).extend({ type: z.literal("node-waiting") }),
  z.object({ type: z.literal("done"), step: z.number().int(), state: z.record(z.string(), z.unknown()) }),
  /** The run stopped waiting for input: the step's open questions (after `step`, the last committed). */
  z.object({ type: z.literal("waiting"), step: z.number().int(), questions: z.array(question) }),
  z.object({ type: z.literal("failed"), step: z.number().int(), error: errorPayload }),
  z.object({ type: z.literal("cancelled"), step: z.number().int() }),
]);
export type RunEvent = z.infer<typeof runEvent>;
