import type { ErrorPayload } from "../core/protocol/runEvents";

/**
 * Failures of the disk under the store (full, read-only, I/O error), as the CLI tells them: never the
 * user's input or graph, each with an exit code of its own, and the thread resumes once the cause is
 * gone.
 */
export function isStoreFailure(code: string): boolean {
  return code === "STORE_NO_SPACE" || code === "STORE_READ_ONLY" || code === "STORE_IO";
}

const ERRNO_CODES: Record<string, string> = {
  ENOSPC: "STORE_NO_SPACE",
  EDQUOT: "STORE_NO_SPACE",
  EFBIG: "STORE_NO_SPACE",
  EROFS: "STORE_READ_ONLY",
  EACCES: "STORE_READ_ONLY",
  EPERM: "STORE_READ_ONLY",
  EIO: "STORE_IO",
};

/**
 * The store names its disk failures itself (a DurableError with the path and errno). A bare Node error
 * of the same kind can still reach the CLI from around the store (checking `--store`): it is told the
 * same way, its own message being one line that names the call, the cause and the path.
 */
export function asStoreFailure(error: ErrorPayload, raw: unknown): ErrorPayload {
  const errno = (raw as NodeJS.ErrnoException | undefined)?.code;
  const code = typeof errno === "string" ? ERRNO_CODES[errno] : undefined;
  if (!code || !(raw instanceof Error) || typeof (raw as NodeJS.ErrnoException).syscall !== "string") return error;
  return { code, message: raw.message, details: { errno, ...((raw as NodeJS.ErrnoException).path ? { path: (raw as NodeJS.ErrnoException).path } : {}) } };
}
