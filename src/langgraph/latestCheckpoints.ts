import type { CheckpointTuple, SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { Draft } from "../core/store/checkpointStore";
import { RawJson } from "../core/store/rawJson";
import type { LgValue, LgWritesRecord } from "../core/store/records";
import { addWrites, checkpointTuple, type StoredCheckpoint, type WritesByTask } from "./checkpointTuple";
import type { ThreadIndex } from "./threadIndex";

/** A channel's value at its newest version: as stored, or (a list journalled as its new items) its serialized bytes. */
type Current = { version: unknown; value: LgValue } | { version: unknown; bytes: Buffer };

interface Head {
  record: StoredCheckpoint;
  values: Map<string, Current>;
}

/** At most this many namespaces are kept (each run of a subgraph has its own); the others are read from the journal. */
const MAX_NAMESPACES = 64;

/**
 * What a saver keeps of a thread it writes: the newest checkpoint of each namespace with its channel
 * values, and the writes against it and against checkpoints not put yet (LangGraph puts a checkpoint
 * after its tasks' writes when puts lag behind). That is what a running graph reads back — the parent of
 * its next put, its newest checkpoint when an invoke starts — and it is the thread's current state, never
 * its history: memory stays flat however long the thread grows. Anything else is read from the journal.
 */
export class LatestCheckpoints {
  private readonly heads = new Map<string, Head>();
  /** Per namespace, per checkpoint id (the newest or later): its writes. */
  private readonly writes = new Map<string, Map<string, WritesByTask>>();
  /** Namespaces let go for want of room (their names only): what they hold is read from the journal. */
  private readonly evicted = new Set<string>();

  /** A thread's newest checkpoints and their writes, from its journal (a thread taken over). */
  static from(index: ThreadIndex): LatestCheckpoints {
    const latest = new LatestCheckpoints();
    for (const ns of index.namespaces()) latest.reset(ns, index);
    return latest;
  }

  /** Sets a namespace's head to the journal's newest checkpoint of it, with its writes and those after it. */
  reset(ns: string, index: ThreadIndex): void {
    const record = index.latest(ns);
    if (!record) return;
    const values = new Map<string, Current>();
    const versions = (record.checkpoint.channel_versions ?? {}) as Record<string, unknown>;
    for (const [channel, value] of Object.entries(index.valuesOf(record))) values.set(channel, { version: versions[channel], value });
    this.setHead(ns, { record, values });
    const byCheckpoint = new Map<string, WritesByTask>();
    for (const id of index.writtenCheckpoints(ns)) if (id >= record.id) byCheckpoint.set(id, new Map(index.writesOf(ns, id)));
    this.writes.set(ns, byCheckpoint);
  }

  latest(ns: string): StoredCheckpoint | undefined {
    return this.heads.get(ns)?.record;
  }

  /** Whether a put with this parent continues what is kept: its parent is the head (or it starts a namespace not seen yet). */
  follows(ns: string, parent: string | undefined): boolean {
    const head = this.heads.get(ns);
    return parent === undefined ? head === undefined : head?.record.id === parent;
  }

  /**
   * Folds in a put that `follows` the head. `lists`: the whole serialized value of each channel the
   * record holds as appended items.
   */
  advance(record: StoredCheckpoint, lists: Map<string, Buffer>): void {
    const values = this.heads.get(record.ns)?.values ?? new Map<string, Current>();
    const versions = (record.checkpoint.channel_versions ?? {}) as Record<string, unknown>;
    for (const [channel, value] of Object.entries(record.values)) {
      const version = versions[channel];
      if ("append" in value) values.set(channel, { version, bytes: lists.get(channel)! });
      else values.set(channel, { version, value });
    }
    // A channel the put changed without a value was emptied: its old value goes.
    for (const [channel, current] of values) if (versions[channel] !== current.version) values.delete(channel);
    this.setHead(record.ns, { record, values });
    const byCheckpoint = this.writes.get(record.ns);
    if (byCheckpoint) for (const id of byCheckpoint.keys()) if (id < record.id) byCheckpoint.delete(id);
  }

  /** The writes against a checkpoint kept here (the head's or a later one's; undefined: none yet), or "not-kept": read the journal. */
  writesOf(ns: string, checkpoint: string): WritesByTask | undefined | "not-kept" {
    const head = this.heads.get(ns);
    if ((head && checkpoint < head.record.id) || this.evicted.has(ns)) return "not-kept";
    return this.writes.get(ns)?.get(checkpoint);
  }

  /** Folds in a `putWrites` record against the head or a later checkpoint (older ones stay in the journal only). */
  addWrites(record: Draft<LgWritesRecord>): void {
    const head = this.heads.get(record.ns);
    if ((head && record.checkpoint < head.record.id) || this.evicted.has(record.ns)) return;
    let byCheckpoint = this.writes.get(record.ns);
    if (!byCheckpoint) this.writes.set(record.ns, (byCheckpoint = new Map()));
    let byTask = byCheckpoint.get(record.checkpoint);
    if (!byTask) byCheckpoint.set(record.checkpoint, (byTask = new Map()));
    addWrites(byTask, record);
  }

  /** The tuple of the head of `ns`, when `id` (if given) names it; undefined: read the journal. */
  async tuple(threadId: string, ns: string, id: string | undefined, serde: SerializerProtocol): Promise<CheckpointTuple | undefined> {
    const head = this.heads.get(ns);
    if (!head || (id !== undefined && id !== head.record.id)) return undefined;
    // Format 1–3 checkpoints need their parent's writes (see ThreadIndex): the journal has them.
    if (((head.record.checkpoint as { v?: number }).v ?? 4) < 4) return undefined;
    const values: Record<string, LgValue> = {};
    for (const [channel, current] of head.values) values[channel] = "bytes" in current ? { json: new RawJson(current.bytes.toString("utf8")) } : current.value;
    return checkpointTuple(threadId, head.record, values, this.writes.get(ns)?.get(head.record.id)?.values() ?? [], serde);
  }

  private setHead(ns: string, head: Head): void {
    // Newest last: the namespace least recently put goes first when there are too many (never the root).
    this.heads.delete(ns);
    this.heads.set(ns, head);
    this.evicted.delete(ns);
    if (this.heads.size <= MAX_NAMESPACES) return;
    for (const old of this.heads.keys()) {
      if (old === "") continue;
      this.heads.delete(old);
      this.writes.delete(old);
      this.evicted.add(old);
      break;
    }
  }
}
