import { FileStore } from "../../src/core/store/file/fileStore";

/**
 * Threads written straight through the store API (no graph runs), so a test can have a long history
 * or many threads in a fraction of a second.
 */
export async function writeThread(
  storeDir: string,
  thread: string,
  options: { steps: number; note?: string; state?: Record<string, unknown>; graph?: string },
): Promise<void> {
  const note = options.note ?? "";
  const initial = { n: 0, note, ...options.state };
  const writer = await new FileStore(storeDir).create({ thread, graph: options.graph ?? "big.graph.ts", state: initial, next: ["tick"] });
  const startedAt = Date.now();
  for (let step = 1; step <= options.steps; step++) {
    const last = step === options.steps;
    writer.commit({
      step,
      nodes: ["tick"],
      changes: [{ key: "n", op: "set", value: step }, ...(note ? [{ key: "note", op: "set" as const, value: `${note} ${step}` }] : [])],
      next: last ? [] : ["tick"],
      state: { ...initial, n: step, note: `${note} ${step}` },
      nodeRecords: [{ step, node: "tick", attempt: 1, startedAt, durationMs: 0.1, writes: { n: step } }],
    });
  }
  await writer.close();
}
