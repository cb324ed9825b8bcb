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
  | "THREAD_FINISHED";

export class DurableError extends Error {
  override readonly name = "DurableError";
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
  return error instanceof DurableError && (code === undefined || error.code === code);
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
  if (error instanceof DurableError) {
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
