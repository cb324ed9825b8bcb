import { isInternalChannel, lgValueForPeople } from "./langGraphReplay";
import type { CheckpointRecord, JournalRecord } from "./records";

/**
 * A thread's committed steps, as `checkpoints()` lists them, from its records oldest first. A thread
 * written by LangGraph.js lists its root graph's checkpoints from step 0 on (its input, step -1, and the
 * store's empty step 0 before it are left out), each holding the graph's channels it changed.
 */
export function checkpointList(records: Iterable<JournalRecord>): CheckpointRecord[] {
  const list: CheckpointRecord[] = [];
  let langGraph = false;
  for (const record of records) {
    if (record.type === "thread") langGraph = record.engine === "langgraph";
    else if (record.type === "checkpoint" && !langGraph) list.push(record);
    else if (record.type === "lg-checkpoint" && record.ns === "" && record.step >= 0) {
      list.push({
        seq: record.seq,
        type: "checkpoint",
        step: record.step,
        nodes: record.nodes,
        next: record.next,
        changes: Object.entries(record.values)
          .filter(([channel]) => !isInternalChannel(channel))
          .map(([key, value]) => ({ key, op: "set" as const, value: lgValueForPeople(value) })),
        at: record.at,
      });
    }
  }
  return list;
}
