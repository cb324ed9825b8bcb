import type { CellDetail } from "../../core/protocol/panelMessages";
import type { CheckpointStore } from "../../core/store/checkpointStore";
import type { CellLocation } from "./cellIndex";
import { jsonText } from "./jsonText";
import { stackLines } from "./stackLines";

/**
 * Loads what an opened cell shows, on demand (never kept for every cell): the state the node got,
 * the change it made per key, its console output, its tries' errors with linked stacks, its tasks.
 */
export async function loadCellDetail(store: CheckpointStore, thread: string, where: CellLocation, folder: string): Promise<CellDetail> {
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
