import type { z } from "zod";

/** A state is a JSON object: one value per key of the graph's zod schema. */
export type StateValues = Record<string, unknown>;

/** Combines the current value of a key with a node's write to it. The default replaces. */
export type Reducer<V = any, U = any> = (current: V, update: U) => V;

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface NodeLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** What a node receives besides the state. */
export interface NodeContext {
  /** The thread this run belongs to. */
  readonly threadId: string;
  /** The super-step this node runs in (1 for the first step after the input). */
  readonly step: number;
  /** The node's own name. */
  readonly node: string;
  /** 1 on the first try, 2 on the first retry… */
  readonly attempt: number;
  /** Aborted when the run is cancelled or the node's timeout expires. */
  readonly signal: AbortSignal;
  /** Lines logged here are kept with the step in the journal and shown with it. */
  readonly log: NodeLogger;
  /**
   * Memoises a side effect per thread, step, node and `name`: once its result is journalled, a re-run of
   * the node (after a crash, or a retry) gets the recorded result and `fn` is not called again. The
   * result must be JSON-serialisable. Before `fn` runs, the run checks it still owns the thread.
   *
   * At least once, not exactly once: a process killed after `fn` did its work and before the result was
   * journalled calls `fn` again on resume. Pass `info.idempotencyKey` (stable across those re-runs) to the
   * service the side effect goes to, so it can drop the repeat.
   */
  task<T>(name: string, fn: (info: TaskInfo) => T | Promise<T>): Promise<T>;
  /**
   * Asks a person and waits for the answer. The first time, `payload` (the question: any JSON) is
   * journalled and the run stops with the thread *waiting for input*: the process exits, nothing runs
   * while the person thinks. Resuming with an answer re-enters the node from the top — its tasks are not
   * repeated — and this call then returns the answer, checked against `schema` (the answer is refused,
   * before anything is written, when it does not fit). A node may ask several questions: each is asked,
   * and answered, in turn. Do not catch what this throws while it waits: the node stops there either way.
   */
  interrupt<S extends z.ZodType>(payload: unknown, options: InterruptOptions<S>): Promise<z.output<S>>;
  interrupt<T = unknown>(payload?: unknown): Promise<T>;
}

export interface InterruptOptions<S extends z.ZodType = z.ZodType> {
  /** What a valid answer looks like; the editor draws a form from it. */
  schema?: S;
}

/** What a task's function is given. */
export interface TaskInfo {
  /** `thread/step/node/name`: the same every time this task is attempted, in any process. */
  readonly idempotencyKey: string;
}

export type NodeFunction<S extends StateValues = StateValues> = (
  state: S,
  context: NodeContext,
) => Partial<Record<keyof S, unknown>> | void | undefined | Promise<Partial<Record<keyof S, unknown>> | void | undefined>;

export interface RetryPolicy {
  /** Total tries including the first; 1 means no retry. */
  maxAttempts: number;
  /** Delay before the first retry. */
  initialDelayMs?: number;
  /** Each further delay is multiplied by this. */
  backoffFactor?: number;
  maxDelayMs?: number;
  /** Randomise each delay by ±50% so retries of many threads do not align. */
  jitter?: boolean;
  /** Retry only errors this returns true for (default: every error but cancellation). */
  retryOn?: (error: unknown) => boolean;
}

export interface NodeOptions {
  retry?: RetryPolicy;
  /** Abort the node (its signal fires) and count the try as failed after this long. */
  timeoutMs?: number;
}

/** Where in the graph file a node or edge was declared (from the call's stack). */
export interface SourceSite {
  file: string;
  line: number;
  column: number;
}

export type RouterResult = string | readonly string[];
export type Router<S extends StateValues = StateValues> = (state: S) => RouterResult | Promise<RouterResult>;

export type InferState<T extends z.ZodObject> = z.output<T>;
