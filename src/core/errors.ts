/**
 * Every failure the runtime reports carries a stable `code` (what went wrong, for programs) and
 * `details` (which file, node, key, offset…). Wording for people is added by the CLI and the
 * extension; the message here is a precise technical statement of the fault.
 */
export type ErrorCode =
  | "INVALID_ID"
  | "INVALID_ARGUMENT"
  | "GRAPH_INVALID"
  | "GRAPH_LOAD_FAILED"
  | "INPUT_INVALID"
  | "NOT_SERIALIZABLE"
  | "UNKNOWN_STATE_KEY"
  | "ROUTER_INVALID"
  | "REDUCER_FAILED"
  | "STATE_INVALID"
  | "NODE_FAILED"
  | "NODE_TIMEOUT"
  | "STEP_LIMIT"
  | "CANCELLED"
  | "THREAD_NOT_FOUND"
  | "THREAD_EXISTS"
  | "THREAD_LOCKED"
  | "FENCED"
  | "CHECKPOINT_NOT_FOUND"
  | "STORE_CORRUPT"
  | "STORE_VERSION"
  | "CRASH_LOOP"
  | "THREAD_FINISHED"
  /** The thread waits for a person's answer and none was given (or it answers no open question). */
  | "WAITING_FOR_INPUT"
  /** An answer does not fit its question's schema: nothing was written. `details.path` names the field. */
  | "ANSWER_INVALID"
  /** The graph no longer fits the thread's stored state (a key removed, a schema changed): nothing was written. */
  | "GRAPH_CHANGED"
  /** The store's file system is full (ENOSPC, EDQUOT, EFBIG). `details.path` names the file, `details.errno` the cause. */
  | "STORE_NO_SPACE"
  /** The store cannot be written: read-only file system or permission denied (EROFS, EACCES, EPERM). */
  | "STORE_READ_ONLY"
  /** Any other failure of the store's file system (EIO…). */
  | "STORE_IO"
  /** A person's edit of a checkpoint's state does not fit the graph's state schema (`details.path`), or names a key it lacks. */
  | "EDIT_INVALID"
  /** A person's edit of a checkpoint's state changes nothing. */
  | "EDIT_EMPTY";

/**
 * Marks every DurableError, whichever copy of this module made it: a process can hold several (the
 * CLI's or runner's bundle and `durable-graphs/langgraph`'s, which the runner loads for LangGraph.js
 * graphs and hands its store), and an error one copy throws must be recognised by the other.
 */
const BRAND = Symbol.for("durable-graphs.error");

export class DurableError extends Error {
  override readonly name = "DurableError";
  readonly [BRAND] = true;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isDurableError(error: unknown, code?: ErrorCode): error is DurableError {
  const ours = error instanceof DurableError || (error instanceof Error && (error as unknown as Record<symbol, unknown>)[BRAND] === true);
  return ours && (code === undefined || (error as DurableError).code === code);
}

/** A plain, serialisable description of any thrown value (for journals and IPC). */
export interface ErrorInfo {
  code: string;
  message: string;
  name?: string;
  stack?: string;
  details?: Record<string, unknown>;
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (isDurableError(error)) {
    return { code: error.code, name: error.name, message: error.message, stack: error.stack, details: safeDetails(error.details) };
  }
  if (error instanceof Error) {
    return { code: "NODE_FAILED", name: error.name, message: error.message, stack: error.stack };
  }
  return { code: "NODE_FAILED", message: String(error) };
}

function safeDetails(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
