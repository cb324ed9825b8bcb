import { WRITES_IDX_MAP, compareWritesSortKeys, writesSortKey, type Checkpoint, type CheckpointMetadata, type CheckpointTuple, type SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { Draft } from "../core/store/checkpointStore";
import type { LgCheckpointRecord, LgValue } from "../core/store/records";
import { loadValue } from "./storedValue";

export type StoredCheckpoint = Draft<LgCheckpointRecord>;

/** A pending write as the saver keeps it (one `putWrites` record holds a task's). */
export interface StoredWrite {
  task: string;
  channel: string;
  idx: number;
  path: string;
  value: LgValue;
}

/** A task's writes, by `task,idx`. */
export type WritesByTask = Map<string, StoredWrite>;

/**
 * The checkpoint tuple LangGraph reads: the record's checkpoint with its channel values, and its pending
 * writes in `writesSortKey` order (task path, task id, index), the order LangGraph applies them in.
 */
export async function checkpointTuple(
  threadId: string,
  record: StoredCheckpoint,
  values: Record<string, LgValue>,
  writes: Iterable<StoredWrite>,
  serde: SerializerProtocol,
  extra?: (checkpoint: Checkpoint) => Promise<void>,
): Promise<CheckpointTuple> {
  const { ns, id, parent } = record;
  const channelValues: Record<string, unknown> = {};
  for (const [channel, stored] of Object.entries(values)) channelValues[channel] = await loadValue(serde, stored);
  // A copy: LangGraph may change what it is given, and what the saver holds must not change with it.
  const checkpoint = { ...(structuredClone(record.checkpoint) as Omit<Checkpoint, "id" | "channel_values">), id, channel_values: channelValues } as Checkpoint;
  await extra?.(checkpoint);
  const pendingWrites = await Promise.all(orderedWrites(writes).map(async (w) => [w.task, w.channel, await loadValue(serde, w.value)] as [string, string, unknown]));
  const tuple: CheckpointTuple = {
    config: { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: id } },
    checkpoint,
    metadata: (await loadValue(serde, record.metadata)) as CheckpointMetadata,
    pendingWrites,
  };
  if (parent !== undefined) tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: parent } };
  return tuple;
}

export function orderedWrites(writes: Iterable<StoredWrite>): StoredWrite[] {
  return [...writes]
    .map((w) => ({ w, key: writesSortKey(w.path, w.task, w.idx) }))
    .sort((a, b) => compareWritesSortKeys(a.key, b.key))
    .map(({ w }) => w);
}

/** Folds a `putWrites` record's writes into a checkpoint's. */
export function addWrites(byTask: WritesByTask, record: { task: string; path?: string; writes: { channel: string; idx: number; value: LgValue }[] }): void {
  for (const write of record.writes) {
    byTask.set(`${record.task},${write.idx}`, { task: record.task, channel: write.channel, idx: write.idx, path: record.path ?? "", value: write.value });
  }
}

/**
 * The writes of a `putWrites` call that are new, as LangGraph's savers keep them: a task's write at
 * an index it already wrote is kept as first written, but its special writes (an error, an
 * interrupt: negative indexes) are replaced.
 */
export function newWrites(existing: WritesByTask | undefined, task: string, writes: [string, unknown][]): { channel: string; idx: number; value: unknown }[] {
  return writes
    .map(([channel, value], i) => ({ channel, idx: WRITES_IDX_MAP[channel] ?? i, value }))
    .filter(({ idx }) => idx < 0 || !existing?.has(`${task},${idx}`));
}
