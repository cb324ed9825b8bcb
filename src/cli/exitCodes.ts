import type { ErrorCode } from "../core/errors";

/** Exit codes of the `durable-graphs` command (documented in the README). */
export const EXIT = {
  ok: 0,
  /** The run failed: a node threw, timed out, or the step limit was hit. The thread can be resumed. */
  runFailed: 1,
  /**
   * Bad usage or input: arguments, thread id, graph file, input JSON, a graph that no longer fits the
   * thread's stored state. Nothing was written.
   */
  usage: 2,
  /** Another process holds the thread. */
  busy: 3,
  /** No such thread or checkpoint. */
  notFound: 4,
  /** Stored data is damaged or from a newer version; the thread is quarantined, never reset. */
  corrupt: 5,
  /** The thread crashed repeatedly without progress and is not resumed automatically. */
  crashLoop: 6,
  /** The store's disk is full (or a quota or file size limit was hit). Nothing committed was lost. */
  noSpace: 7,
  /** The store is read-only or not writable by this user. Nothing committed was lost. */
  readOnly: 8,
  /** Any other I/O error of the store's file system. Nothing committed was lost. */
  storeIo: 9,
  /** `verify` found a torn tail: an incomplete last record, which the next run or resume cuts off. */
  tornTail: 10,
  /** The thread is waiting for input (a node asked a question): `resume --answer` continues it. */
  waiting: 11,
  /** Cancelled (Ctrl-C); the thread can be resumed. */
  cancelled: 130,
} as const;

export function exitCodeFor(code: ErrorCode | string): number {
  switch (code) {
    case "INVALID_ID":
    case "INVALID_ARGUMENT":
    case "GRAPH_INVALID":
    case "GRAPH_LOAD_FAILED":
    case "INPUT_INVALID":
    case "THREAD_EXISTS":
    case "GRAPH_CHANGED":
    case "ANSWER_INVALID":
    case "EDIT_INVALID":
    case "EDIT_EMPTY":
      return EXIT.usage;
    case "WAITING_FOR_INPUT":
      return EXIT.waiting;
    case "THREAD_LOCKED":
    case "FENCED":
      return EXIT.busy;
    case "THREAD_NOT_FOUND":
    case "CHECKPOINT_NOT_FOUND":
      return EXIT.notFound;
    case "STORE_CORRUPT":
    case "STORE_VERSION":
      return EXIT.corrupt;
    case "CRASH_LOOP":
      return EXIT.crashLoop;
    case "STORE_NO_SPACE":
      return EXIT.noSpace;
    case "STORE_READ_ONLY":
      return EXIT.readOnly;
    case "STORE_IO":
      return EXIT.storeIo;
    case "CANCELLED":
      return EXIT.cancelled;
    default:
      return EXIT.runFailed;
  }
}
