import type { ErrorPayload } from "../../core/protocol/runEvents";

/** The store's own failures (src/core/errors.ts): the disk or file system, never the graph or its input. */
const STORE_CAUSES: Record<string, { cause: string; remedy: string }> = {
  STORE_NO_SPACE: { cause: "the disk holding its store is full", remedy: "Free space" },
  STORE_READ_ONLY: { cause: "its store cannot be written (read-only or permission denied)", remedy: "Make the store writable" },
  STORE_IO: { cause: "the store's file system failed", remedy: "Check the disk" },
};

export function isStoreFailure(error: ErrorPayload | undefined): boolean {
  return error !== undefined && error.code in STORE_CAUSES;
}

/**
 * One line naming what went wrong with the store and where, and what to do: the run stopped before
 * committing the step it could not write, so every committed step is still there and resuming goes on.
 * Undefined for any error that is not the store's.
 */
export function describeStoreFailure(thread: string, error: ErrorPayload | undefined, relativePath: (path: string) => string = (p) => p): string | undefined {
  const known = error && STORE_CAUSES[error.code];
  if (!error || !known) return undefined;
  const path = typeof error.details?.path === "string" ? relativePath(error.details.path) : undefined;
  const errno = typeof error.details?.errno === "string" || typeof error.details?.errno === "number" ? String(error.details.errno) : undefined;
  const where = [errno, path && `at ${path}`].filter(Boolean).join(" ");
  return `Thread ${thread} stopped: ${known.cause}${where ? ` (${where})` : ""}. ${known.remedy}, then resume: nothing committed was lost.`;
}
