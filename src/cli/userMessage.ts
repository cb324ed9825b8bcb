import type { ErrorPayload } from "../core/protocol/runEvents";

/** What to do about an error, in one line, for the person at the terminal. */
export function hintFor(error: ErrorPayload, thread?: string): string | undefined {
  const t = thread ?? "<thread>";
  switch (error.code) {
    case "INVALID_ID":
      return "pick another thread id (--thread)";
    case "GRAPH_LOAD_FAILED":
      return error.line ? "fix the graph file at that line and run again" : undefined;
    case "GRAPH_INVALID":
      return "fix the graph's definition and run again";
    case "INPUT_INVALID":
      // Raised for fork's --state and --set too: pointing those at --input would send the user astray.
      if (typeof error.details?.file === "string") return `nothing was written: pass --state a readable file holding a JSON object of state keys, or change single keys with --set KEY=JSON`;
      if (typeof error.details?.key === "string") return "nothing was written: give --set a JSON value (numbers and true/false as they are, text in double quotes)";
      return "pass --input with a JSON object that matches the graph's state schema";
    case "THREAD_EXISTS":
      return `nothing was written: name the new thread with --thread NEW, or drop the old one first (\`durable-graphs reset ${typeof error.details?.thread === "string" ? error.details.thread : "<thread>"}\`)`;
    case "THREAD_LOCKED":
      return `wait for that run to finish, or stop it; then \`durable-graphs resume ${t}\``;
    case "FENCED":
      return "another process took this thread over; its run continues from the last checkpoint";
    case "THREAD_NOT_FOUND":
      return "`durable-graphs threads` lists the threads in this store (see --store)";
    case "STORE_CORRUPT":
      return "the thread is quarantined and was left as it is; copy the file aside to inspect it, or `durable-graphs reset` the thread to drop it";
    case "GRAPH_CHANGED":
      return graphChangedHint(error, t);
    case "STORE_NO_SPACE":
      return `free space on that disk (or raise the quota), then ${again(thread)}; nothing committed was lost`;
    case "STORE_READ_ONLY":
      return `make the store writable (its permissions, or a read-only mount), then ${again(thread)}; nothing committed was lost`;
    case "STORE_IO":
      return `check the disk (the kernel log, the mount), then ${again(thread)}; nothing committed was lost`;
    case "WAITING_FOR_INPUT":
      return `answer it: \`durable-graphs resume ${t} --answer JSON\` (or --answer-file FILE; --node NAME picks the question when several nodes ask)`;
    case "ANSWER_INVALID":
      return `nothing was written: answer again with JSON that fits (\`durable-graphs threads\` shows what each question expects)`;
    case "EDIT_INVALID":
      return "nothing was written: fix that key's value (`durable-graphs show <thread> --at STEP` prints the state as it is)";
    case "EDIT_EMPTY":
      return "nothing was written: --set or --state must change at least one key";
    case "CRASH_LOOP":
      return `fix the crash, then \`durable-graphs resume ${t}\` (resume always continues), or start over with --fresh`;
    case "NODE_FAILED":
    case "NODE_TIMEOUT":
    case "NOT_SERIALIZABLE":
    case "UNKNOWN_STATE_KEY":
    case "ROUTER_INVALID":
    case "REDUCER_FAILED":
    case "STATE_INVALID":
    case "STEP_LIMIT":
      return `fix the graph, then \`durable-graphs resume ${t}\` continues from the last checkpoint`;
    default:
      return undefined;
  }
}

/** The ways forward from a graph that no longer fits a thread: what can run can be accepted; what cannot, migrated in a fork or reset. */
function graphChangedHint(error: ErrorPayload, t: string): string {
  if (error.details?.reason === "rerouted") {
    return `nothing was written: \`durable-graphs resume ${t} --accept-changes\` runs the nodes the thread was due to run; or restore the graph's earlier edges, fork it from an earlier step (\`durable-graphs fork ${t} --at STEP\`), or \`durable-graphs reset ${t}\``;
  }
  return `nothing was written: restore the graph's earlier version to continue the thread, fork it from an earlier step (\`durable-graphs fork ${t} --at STEP\`) — with \`--migrate\` the graph file's \`export function migrate(state, fromFingerprint)\` rewrites the state for the new schema — or start it over (\`durable-graphs reset ${t}\`, or \`run --fresh\`)`;
}

/** How to go on once the store's disk is fixed. */
function again(thread: string | undefined): string {
  return thread ? `\`durable-graphs resume ${thread}\` continues from the last checkpoint` : "run the command again";
}

/** `file:line` of the error's origin in the graph file, when known. */
export function locationOf(error: ErrorPayload, cwd = process.cwd()): string | undefined {
  if (!error.file || !error.line) return undefined;
  const file = error.file.startsWith(`${cwd}/`) ? error.file.slice(cwd.length + 1) : error.file;
  return `${file}:${error.line}${error.column ? `:${error.column}` : ""}`;
}
