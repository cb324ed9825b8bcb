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
   * Runs `fn` once per thread, step, node and `name`: its result is journalled before the node goes on,
   * so when the node is re-run after a crash the recorded result is returned and `fn` is not called again.
   * The result must be JSON-serialisable.
   */
  task<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
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
