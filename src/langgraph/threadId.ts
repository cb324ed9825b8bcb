import { validateId } from "../core/ids";

/**
 * LangGraph's `thread_id` as the store's thread id: the same string, since the id names the thread's
 * directory and people find their thread by it in `durable-graphs threads` and the Threads view. One the
 * store cannot take (spaces, slashes, over 128 characters…) is refused with INVALID_ID, not encoded into
 * a name nobody would recognise.
 */
export function storeThreadId(threadId: unknown): string {
  return validateId(typeof threadId === "number" ? String(threadId) : threadId, "LangGraph thread_id");
}
