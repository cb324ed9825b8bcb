/**
 * The line a child prints when its first node starts, with the child's own `performance.now()` then:
 * ms since the process's time origin (its start), measured inside it. The parent also notes when it
 * read the line (spawn → first node, as a user waits for it).
 */
export const FIRST_NODE = "bench:first-node";
export const DONE = "bench:done";

let marked = false;

/** Prints FIRST_NODE once (stdout to a pipe is synchronous on Linux, so the line leaves at once). */
export function markFirstNode(): void {
  if (marked) return;
  marked = true;
  process.stdout.write(`${FIRST_NODE} ${performance.now().toFixed(3)}\n`);
}

/** The ms a FIRST_NODE line carries (NaN if it is not one). */
export function firstNodeMs(line: string): number {
  return line.startsWith(`${FIRST_NODE} `) ? Number(line.slice(FIRST_NODE.length + 1)) : Number.NaN;
}

export interface ChildArgs {
  mode: "resume" | "cold";
  /** The store: our store directory, or LangGraph's SQLite file. */
  store: string;
  thread: string;
  /** The loop's target count, or the chat's message count. */
  steps: number;
  graph: "loop" | "chat";
}

export function childArgs(argv = process.argv.slice(2)): ChildArgs {
  const [mode, store, thread, steps, graph = "loop"] = argv;
  if ((mode !== "resume" && mode !== "cold") || !store || !thread || !steps || (graph !== "loop" && graph !== "chat")) {
    throw new Error(`usage: <resume|cold> <store> <thread> <steps> [loop|chat], got ${argv.join(" ")}`);
  }
  return { mode, store, thread, steps: Number(steps), graph };
}
