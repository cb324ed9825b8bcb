import type { CheckpointStore } from "../../core/store/checkpointStore";
import { LangGraphReplay } from "../../core/store/langGraphReplay";

/** Records read per history call. */
const PAGE = 5000;

/**
 * The state (the graph's channels, LangGraph's own left out) at a LangGraph.js root checkpoint, and at
 * the checkpoint that committed the step after it, if any: what a task's cell shows as its input and
 * as the state its step left. Read forward from the journal's start (a cell's details are loaded on
 * demand, one at a time); stops as soon as both are known.
 */
export async function langGraphStates(store: CheckpointStore, thread: string, checkpoint: string): Promise<{ before: Record<string, unknown>; after?: Record<string, unknown> }> {
  const replay = new LangGraphReplay();
  let before: Record<string, unknown> | undefined;
  for (let after = -1; ; ) {
    const page = await store.history(thread, { afterSeq: after, limit: PAGE });
    for (const record of page.records) {
      if (record.type !== "lg-checkpoint" || record.ns !== "") continue;
      replay.applyCheckpoint(record);
      if (record.id === checkpoint) before = { ...replay.state };
      else if (before && record.parent === checkpoint) return { before, after: { ...replay.state } };
    }
    if (page.nextSeq === undefined) break;
    after = page.nextSeq;
  }
  return { before: before ?? {} };
}
