import { isDurableError, type DurableError } from "../errors";

const STORE_FAILURES = new Set<string>(["STORE_NO_SPACE", "STORE_READ_ONLY", "STORE_IO"]);

/**
 * Whether `error` is a failure of the disk under the store (full, read-only, I/O error): the run stops
 * where its last commit left the thread, and the thread is resumed once the cause is gone.
 */
export function isStoreFailure(error: unknown): error is DurableError {
  return isDurableError(error) && STORE_FAILURES.has(error.code);
}
