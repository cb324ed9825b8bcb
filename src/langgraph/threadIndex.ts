import {
  TASKS,
  WRITES_IDX_MAP,
  compareWritesSortKeys,
  maxChannelVersion,
  writesSortKey,
  type BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  type SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import type { Draft } from "../core/store/checkpointStore";
import type { JournalRecord, LgCheckpointRecord, LgValue, LgWritesRecord } from "../core/store/records";
import { loadValue } from "./storedValue";

type StoredCheckpoint = Draft<LgCheckpointRecord>;
interface StoredWrite {
  task: string;
  channel: string;
  idx: number;
  path: string;
  value: LgValue;
}

/**
 * One thread's LangGraph.js checkpoints and writes, indexed from its journal records: what `getTuple`
 * and `list` read. A channel's value is found at the version a checkpoint names, wherever it was
 * stored (most checkpoints store a few channels); where versions collide (two branches of a fork both
 * made version 3 of a channel), the one on the checkpoint's own line of parents wins.
 */
export class ThreadIndex {
  /** Per namespace, per checkpoint id. */
  private readonly checkpoints = new Map<string, Map<string, StoredCheckpoint>>();
  /** Per namespace and checkpoint id, per `task,idx`: the writes against it. */
  private readonly writes = new Map<string, Map<string, StoredWrite>>();
  /** Per namespace, channel and version: the checkpoints that stored that value. */
  private readonly blobs = new Map<string, { checkpoint: string; value: LgValue }[]>();

  /** Folds one journal record in (others are ignored). */
  apply(record: JournalRecord): void {
    if (record.type === "lg-checkpoint") this.addCheckpoint(record);
    else if (record.type === "lg-writes") this.addWrites(record);
  }

  get empty(): boolean {
    return this.checkpoints.size === 0;
  }

  addCheckpoint(record: StoredCheckpoint): void {
    let byId = this.checkpoints.get(record.ns);
    if (!byId) this.checkpoints.set(record.ns, (byId = new Map()));
    byId.set(record.id, record);
    const versions = versionsOf(record);
    for (const [channel, value] of Object.entries(record.values)) {
      const key = blobKey(record.ns, channel, versions[channel]);
      const list = this.blobs.get(key) ?? [];
      list.push({ checkpoint: record.id, value });
      this.blobs.set(key, list);
    }
  }

  addWrites(record: Draft<LgWritesRecord>): void {
    const key = writesKey(record.ns, record.checkpoint);
    let byTask = this.writes.get(key);
    if (!byTask) this.writes.set(key, (byTask = new Map()));
    for (const write of record.writes) {
      byTask.set(`${record.task},${write.idx}`, { task: record.task, channel: write.channel, idx: write.idx, path: record.path ?? "", value: write.value });
    }
  }

  /**
   * The writes of a `putWrites` call that are new, as LangGraph's savers keep them: a task's write at
   * an index it already wrote is kept as first written, but its special writes (an error, an
   * interrupt: negative indexes) are replaced.
   */
  newWrites(ns: string, checkpoint: string, task: string, writes: [string, unknown][]): { channel: string; idx: number; value: unknown }[] {
    const existing = this.writes.get(writesKey(ns, checkpoint));
    return writes
      .map(([channel, value], i) => ({ channel, idx: WRITES_IDX_MAP[channel] ?? i, value }))
      .filter(({ idx }) => idx < 0 || !existing?.has(`${task},${idx}`));
  }

  checkpoint(ns: string, id: string): StoredCheckpoint | undefined {
    return this.checkpoints.get(ns)?.get(id);
  }

  /** The newest checkpoint of a namespace (checkpoint ids sort by time). */
  latest(ns: string): StoredCheckpoint | undefined {
    let latest: StoredCheckpoint | undefined;
    for (const record of this.checkpoints.get(ns)?.values() ?? []) if (!latest || record.id > latest.id) latest = record;
    return latest;
  }

  namespaces(): string[] {
    return [...this.checkpoints.keys()];
  }

  /** A namespace's checkpoints, newest first. */
  newestFirst(ns: string): StoredCheckpoint[] {
    return [...(this.checkpoints.get(ns)?.values() ?? [])].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  async metadata(record: StoredCheckpoint, serde: SerializerProtocol): Promise<CheckpointMetadata> {
    return (await loadValue(serde, record.metadata)) as CheckpointMetadata;
  }

  /** The checkpoint tuple LangGraph reads: its channel values gathered, its pending writes in LangGraph's order. */
  async tuple(threadId: string, record: StoredCheckpoint, saver: Pick<BaseCheckpointSaver, "serde" | "getNextVersion">): Promise<CheckpointTuple> {
    const serde = saver.serde;
    const { ns, id, parent } = record;
    const channelValues: Record<string, unknown> = {};
    for (const [channel, version] of Object.entries(versionsOf(record))) {
      const stored = this.valueAt(record, channel, version);
      if (stored) channelValues[channel] = await loadValue(serde, stored);
    }
    // A copy: LangGraph may change what it is given, and the index must not change with it.
    const checkpoint = { ...(structuredClone(record.checkpoint) as Omit<Checkpoint, "id" | "channel_values">), id, channel_values: channelValues } as Checkpoint;
    if (checkpoint.v < 4 && parent !== undefined) await this.migratePendingSends(checkpoint, ns, parent, saver);
    const pendingWrites = await Promise.all(
      this.orderedWrites(ns, id).map(async (w) => [w.task, w.channel, await loadValue(serde, w.value)] as [string, string, unknown]),
    );
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: id } },
      checkpoint,
      metadata: await this.metadata(record, serde),
      pendingWrites,
    };
    if (parent !== undefined) tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: parent } };
    return tuple;
  }

  /** A checkpoint's writes in `writesSortKey` order (task path, task id, index): the order LangGraph applies them in. */
  private orderedWrites(ns: string, checkpoint: string): StoredWrite[] {
    const writes = [...(this.writes.get(writesKey(ns, checkpoint))?.values() ?? [])];
    return writes
      .map((w) => ({ w, key: writesSortKey(w.path, w.task, w.idx) }))
      .sort((a, b) => compareWritesSortKeys(a.key, b.key))
      .map(({ w }) => w);
  }

  private valueAt(record: StoredCheckpoint, channel: string, version: unknown): LgValue | undefined {
    const found = this.blobs.get(blobKey(record.ns, channel, version));
    if (!found?.length) return undefined;
    if (found.length === 1) return found[0]!.value;
    // Versions collided across a fork: the value of the nearest checkpoint on this one's line of parents.
    const byCheckpoint = new Map(found.map((f) => [f.checkpoint, f.value]));
    for (let at: StoredCheckpoint | undefined = record; at; at = at.parent === undefined ? undefined : this.checkpoint(record.ns, at.parent)) {
      const value = byCheckpoint.get(at.id);
      if (value) return value;
    }
    return found.at(-1)!.value;
  }

  /**
   * Checkpoints of format 1–3 kept `Send`s apart (`pending_sends`); from format 4 they are the parent's
   * writes to the TASKS channel. Read as LangGraph's own savers read them.
   */
  private async migratePendingSends(checkpoint: Checkpoint, ns: string, parent: string, saver: Pick<BaseCheckpointSaver, "serde" | "getNextVersion">): Promise<void> {
    const sends = await Promise.all(this.orderedWrites(ns, parent).filter((w) => w.channel === TASKS).map((w) => loadValue(saver.serde, w.value)));
    checkpoint.channel_values[TASKS] = sends;
    const versions = Object.values(checkpoint.channel_versions);
    checkpoint.channel_versions = {
      ...checkpoint.channel_versions,
      [TASKS]: versions.length > 0 ? maxChannelVersion(...versions) : saver.getNextVersion(undefined),
    };
  }
}

function versionsOf(record: StoredCheckpoint): Record<string, unknown> {
  return (record.checkpoint.channel_versions ?? {}) as Record<string, unknown>;
}

function blobKey(ns: string, channel: string, version: unknown): string {
  return `${ns}\u0000${channel}\u0000${JSON.stringify(version)}`;
}

function writesKey(ns: string, checkpoint: string): string {
  return `${ns}\u0000${checkpoint}`;
}
