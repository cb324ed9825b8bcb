import { TASKS, maxChannelVersion, type BaseCheckpointSaver, type Checkpoint, type CheckpointMetadata, type CheckpointTuple, type SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { Draft } from "../core/store/checkpointStore";
import { DurableError } from "../core/errors";
import type { JournalRecord, LgAppend, LgChannelValue, LgCheckpointRecord, LgValue, LgWritesRecord } from "../core/store/records";
import { appendToJsonList } from "./listAppend";
import { addWrites, checkpointTuple, orderedWrites, type StoredCheckpoint, type WritesByTask } from "./checkpointTuple";
import { loadValue } from "./storedValue";

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
  private readonly writes = new Map<string, WritesByTask>();
  /** Per namespace, channel and version: the checkpoints that stored that value. */
  private readonly blobs = new Map<string, { checkpoint: string; value: LgChannelValue }[]>();
  /** Per namespace, its newest checkpoint (kept as they come: a running graph asks for it every step). */
  private readonly newest = new Map<string, StoredCheckpoint>();

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
    const newest = this.newest.get(record.ns);
    if (!newest || record.id >= newest.id) this.newest.set(record.ns, record);
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
    addWrites(byTask, record);
  }

  /** The writes against a checkpoint, by `task,idx`. */
  writesOf(ns: string, checkpoint: string): WritesByTask | undefined {
    return this.writes.get(writesKey(ns, checkpoint));
  }

  /** The checkpoints of a namespace that writes were put against (a put can come after its writes). */
  writtenCheckpoints(ns: string): string[] {
    const prefix = `${ns}\u0000`;
    return [...this.writes.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  checkpoint(ns: string, id: string): StoredCheckpoint | undefined {
    return this.checkpoints.get(ns)?.get(id);
  }

  /** The newest checkpoint of a namespace (checkpoint ids sort by time). */
  latest(ns: string): StoredCheckpoint | undefined {
    return this.newest.get(ns);
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
    const { ns, id, parent } = record;
    const migrate = parent === undefined ? undefined : (checkpoint: Checkpoint) => (checkpoint.v < 4 ? this.migratePendingSends(checkpoint, ns, parent, saver) : Promise.resolve());
    return checkpointTuple(threadId, record, this.valuesOf(record), this.writesOf(ns, id)?.values() ?? [], saver.serde, migrate);
  }

  /** Every channel value a checkpoint names, whole. */
  valuesOf(record: StoredCheckpoint): Record<string, LgValue> {
    const values: Record<string, LgValue> = {};
    for (const [channel, version] of Object.entries(versionsOf(record))) {
      const stored = this.channelValue(record, channel, version);
      if (stored) values[channel] = stored;
    }
    return values;
  }

  /**
   * A channel's value at `version`, as `record` sees it: whole, or (stored as appended items) the list
   * it was appended to, followed by them.
   */
  channelValue(record: StoredCheckpoint, channel: string, version: unknown): LgValue | undefined {
    const appended: LgAppend[] = [];
    let stored = this.valueAt(record, channel, version);
    for (; stored && "append" in stored; stored = this.valueAt(record, channel, stored.after)) appended.push(stored);
    if (appended.length === 0) return stored;
    if (!stored || !("json" in stored)) {
      throw new DurableError("STORE_CORRUPT", `channel ${channel} of checkpoint ${record.id} appends to a list the journal does not hold`, { checkpoint: record.id, channel });
    }
    return appendToJsonList(stored, appended.reverse());
  }

  private valueAt(record: StoredCheckpoint, channel: string, version: unknown): LgChannelValue | undefined {
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
    const sends = await Promise.all(orderedWrites(this.writesOf(ns, parent)?.values() ?? []).filter((w) => w.channel === TASKS).map((w) => loadValue(saver.serde, w.value)));
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
