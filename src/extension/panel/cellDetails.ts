import type { CellDetail } from "../../core/protocol/panelMessages";
import type { CheckpointStore } from "../../core/store/checkpointStore";
import type { CellLocation } from "./cellIndex";
import { jsonText } from "./jsonText";
import { langGraphStates } from "./langGraphStates";
import { lgTaskWrites } from "./langGraphWrites";
import { stackLines } from "./stackLines";

/**
 * Loads what an opened cell shows, on demand (never kept for every cell): the state the node got,
 * the change it made per key, its console output, its tries' errors with linked stacks, its tasks.
 */
export async function loadCellDetail(store: CheckpointStore, thread: string, where: CellLocation, folder: string): Promise<CellDetail> {
  if (where.lgCheckpoint !== undefined) return loadLangGraphCellDetail(store, thread, where, where.lgCheckpoint);
  const page = await store.history(thread, { afterSeq: where.fromSeq - 1, limit: where.toSeq - where.fromSeq + 1 });
  const mine = page.records.filter((r) => "step" in r && r.step === where.step && "node" in r && r.node === where.node);
  const before = (await store.checkpoint(thread, where.step - 1)).state;
  const after = where.committed ? (await store.checkpoint(thread, where.step)).state : undefined;
  const detail: CellDetail = { input: jsonText(before), changes: [], logs: [], errors: [], tasks: [] };
  for (const record of mine) {
    if (record.type === "failure") {
      detail.logs.push(...(record.logs ?? []));
      detail.errors.push({
        attempt: record.attempt ?? 1,
        final: record.final,
        code: record.error.code,
        message: record.error.message,
        stack: stackLines(record.error.stack, folder),
      });
    } else if (record.type === "task") {
      detail.tasks.push({ name: record.name, value: jsonText(record.value) });
    } else if (record.type === "node") {
      detail.logs.push(...(record.logs ?? []));
      for (const [key, returned] of Object.entries(record.writes)) {
        detail.changes.push({
          key,
          ...(key in before ? { before: jsonText(before[key]) } : {}),
          ...(after && key in after ? { after: jsonText(after[key]) } : {}),
          returned: jsonText(returned),
        });
      }
    }
  }
  return detail;
}

/**
 * A LangGraph.js task's cell: the state at the checkpoint it ran from, and per key it wrote the value
 * it returned and the key's value before and after its step (a reducer may have merged other writes).
 */
async function loadLangGraphCellDetail(store: CheckpointStore, thread: string, where: CellLocation, checkpoint: string): Promise<CellDetail> {
  const [record] = (await store.history(thread, { afterSeq: where.fromSeq - 1, limit: 1 })).records;
  const { before, after } = await langGraphStates(store, thread, checkpoint);
  const detail: CellDetail = { input: jsonText(before), changes: [], logs: [], errors: [], tasks: [] };
  if (record?.type !== "lg-writes") return detail;
  const task = lgTaskWrites(record);
  for (const { key, value } of task.values) {
    detail.changes.push({
      key,
      ...(key in before ? { before: jsonText(before[key]) } : {}),
      ...(after && key in after ? { after: jsonText(after[key]) } : {}),
      returned: jsonText(value),
    });
  }
  if (task.error) detail.errors.push({ attempt: 1, final: true, code: "NODE_FAILED", message: task.error.message, stack: [] });
  return detail;
}
