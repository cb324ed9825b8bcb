/** The line a child prints when its first node starts: the parent stops the clock when it reads it. */
export const FIRST_NODE = "bench:first-node";
export const DONE = "bench:done";

let marked = false;

/** Prints FIRST_NODE once (stdout to a pipe is synchronous on Linux, so the line leaves at once). */
export function markFirstNode(): void {
  if (marked) return;
  marked = true;
  process.stdout.write(`${FIRST_NODE}\n`);
}

export interface ChildArgs {
  mode: "resume" | "cold";
  /** The store: our store directory, or LangGraph's SQLite file. */
  store: string;
  thread: string;
  /** The loop's target count. */
  steps: number;
}

export function childArgs(argv = process.argv.slice(2)): ChildArgs {
  const [mode, store, thread, steps] = argv;
  if ((mode !== "resume" && mode !== "cold") || !store || !thread || !steps) throw new Error(`usage: <resume|cold> <store> <thread> <steps>, got ${argv.join(" ")}`);
  return { mode, store, thread, steps: Number(steps) };
}
