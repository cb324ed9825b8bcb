import { dirname, isAbsolute, relative, resolve } from "node:path";
import {
  BaseCheckpointSaver,
  copyCheckpoint,
  WRITES_IDX_MAP,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
  type SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import type { RunnableConfig } from "@langchain/core/runnables";
import { DurableError, isDurableError } from "../core/errors";
import { newId } from "../core/ids";
import type { CheckpointStore, Draft, LangGraphThreadWriter, LgBatchRecord, ThreadWriter } from "../core/store/checkpointStore";
import { FileStore } from "../core/store/file/fileStore";
import { lgTaskNode, lgValueForPeople } from "../core/store/langGraphReplay";
import type { EndRecord, LgChannelValue, LgCheckpointRecord, LgValue } from "../core/store/records";
import { stepSummary } from "./stepSummary";
import { RawJson } from "../core/store/rawJson";
import { newWrites } from "./checkpointTuple";
import { LatestCheckpoints } from "./latestCheckpoints";
import { appendedItems } from "./listAppend";
import { serializeValue, storedForm, storeValue, type Serialized } from "./storedValue";
import { ThreadIndex } from "./threadIndex";
import { storeThreadId } from "./threadId";

/** Options of `DurableGraphsSaver`. */
export interface DurableGraphsSaverOptions {
  /** The store's directory, as the CLI's `--store` (default: `.durable` in the current directory). */
  directory?: string;
  /** A store object instead (the file store, or the memory store in tests); `directory` and `fsync` are then ignored. */
  store?: CheckpointStore;
  /** Sync every checkpoint and write to disk: safe against power loss, slower (the CLI's `--fsync`). */
  fsync?: boolean;
  /**
   * The graph file the thread belongs to, as the Threads view groups threads (default: the script this
   * process runs, relative to the store's parent directory when inside it).
   */
  graph?: string;
  /** Let a thread go after this long without a put or a write, so another process may continue it (default 30 s). */
  idleMs?: number;
  /** LangGraph's serializer (default: its JSON serializer, which revives LangChain's messages). */
  serde?: SerializerProtocol;
}

/** A thread this saver writes: its writer (the thread's lock), its index, and what waits to be appended. */
interface HeldThread {
  id: string;
  writer: LangGraphThreadWriter;
  /** What a running graph reads back: the newest checkpoints and their writes (the rest is read from the journal). */
  latest: LatestCheckpoints;
  /** When a put or a write last came (performance.now()): the idle clock reads it. */
  usedAt: number;
  idle?: NodeJS.Timeout;
  /** Records taken by calls whose promises have not resolved yet: appended together (see `journal`). */
  batch: LgBatchRecord[];
  /** Per namespace and channel, the list it holds at its newest version, serialized (see `channelValue`). */
  lists: Map<string, { version: number | string; bytes: Buffer }>;
  /** Per namespace, the checkpoint last put: the lists above are that checkpoint's. */
  heads: Map<string, string>;
  waiting: { resolve: () => void; reject: (error: unknown) => void }[];
  flushing?: NodeJS.Immediate;
}

/** At most this many records wait for one append (a graph whose steps never yield would otherwise pile them up). */
const MAX_BATCH = 128;

/** At most this many lists are kept to compare with (subgraphs add namespaces as they run). */
const MAX_LISTS = 1_000;

/**
 * A LangGraph.js checkpointer (`BaseCheckpointSaver`) on the Durable Graphs store: a LangGraph thread
 * is a thread of the store like any other (`durable-graphs threads`/`show`, the Threads view and the
 * run panel read it), with the store's guarantees.
 *
 * ```ts
 * import { DurableGraphsSaver } from "durable-graphs/langgraph";
 * const checkpointer = new DurableGraphsSaver({ directory: ".durable" });
 * const app = graph.compile({ checkpointer });
 * await app.invoke(input, { configurable: { thread_id: "order-42" } });
 * await checkpointer.close();
 * ```
 *
 * - **Thread ids**: LangGraph's `thread_id` is the store's thread id, so it must be one
 *   (`^[A-Za-z0-9][A-Za-z0-9._-]*$`, at most 128 characters): `put` refuses another with INVALID_ID
 *   (reads find nothing under it). Ids become directory names; encoding them would hide them from people.
 * - **Records** (journal format 3): each `put` journals one `lg-checkpoint` record holding only the
 *   channels `newVersions` names (a channel that did not change is not written again; a list that only
 *   grew, as the items it added), and each `putWrites` one `lg-writes` record. Values are the
 *   serializer's JSON, written as it is. Namespaces (subgraphs) are kept apart by `ns`.
 * - **Durable when the call resolves** — in fsync mode too — so a crash inside a super-step loses no
 *   finished task whose `putWrites` resolved. Records share appends: a `put` is appended at once with
 *   the task writes waiting before it, and task writes otherwise wait for the end of the event loop's
 *   turn (one write, one sync for many). LangGraph's "sync" durability awaits each call before the next
 *   step; its default "async" durability lets the next step run meanwhile, as with any checkpointer.
 * - **One writer per thread**: the first write to a thread takes its lock (creating the thread, or
 *   taking it over from a dead owner: a torn tail is cut, damage quarantines it) and keeps it while the
 *   run goes; `close()`, `release(threadId)`, or `idleMs` without writes let it go. Another process
 *   writing the thread meanwhile gets THREAD_LOCKED. Each taking of the lock journals a `run` record.
 * - **Status**: a root checkpoint with nothing due next journals the run's end (`completed`); an
 *   `interrupt()` ends it `waiting`, an error `failed` (LangGraph writes nothing more after them).
 * - **Memory** is the thread's current state, not its history: the newest checkpoint of each namespace
 *   with its values and pending writes (what a running graph reads back) is kept; `list`, and `getTuple`
 *   of an older checkpoint, read the store's journal, as they do for threads this saver does not write.
 */
export class DurableGraphsSaver extends BaseCheckpointSaver {
  /** The store the threads live in. */
  readonly store: CheckpointStore;
  private readonly graph: string;
  private readonly idleMs: number;
  private readonly held = new Map<string, Promise<HeldThread>>();

  /** LangGraph's own JSON serializer is in use: its output goes into the journal as it is (see storeValue). */
  private readonly trustedJson: boolean;

  constructor(options: DurableGraphsSaverOptions = {}) {
    super(options.serde);
    this.trustedJson = options.serde === undefined;
    const directory = resolve(options.directory ?? ".durable");
    this.store = options.store ?? new FileStore(directory, { durability: options.fsync ? "fsync" : "process" });
    this.graph = options.graph ?? defaultGraph(directory);
    this.idleMs = options.idleMs ?? 30_000;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) return undefined;
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const id = config.configurable?.checkpoint_id as string | undefined;
    const held = await this.heldThread(threadId);
    const kept = await held?.latest.tuple(threadId, ns, id, this.serde);
    if (kept) return kept;
    const index = await this.read(threadId);
    if (!index) return undefined;
    const record = id ? index.checkpoint(ns, id) : index.latest(ns);
    return record ? index.tuple(threadId, record, this) : undefined;
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options;
    let limit = options.limit;
    const wanted = config.configurable?.thread_id as string | undefined;
    const ns = config.configurable?.checkpoint_ns as string | undefined;
    const id = config.configurable?.checkpoint_id as string | undefined;
    const beforeId = before?.configurable?.checkpoint_id as string | undefined;
    for (const threadId of wanted === undefined ? await this.langGraphThreads() : [wanted]) {
      const index = await this.read(threadId);
      if (!index) continue;
      for (const namespace of ns === undefined ? index.namespaces() : [ns]) {
        for (const record of index.newestFirst(namespace)) {
          if (id && record.id !== id) continue;
          if (beforeId && record.id >= beforeId) continue;
          if (filter) {
            const metadata = (await index.metadata(record, this.serde)) as Record<string, unknown>;
            if (!Object.entries(filter).every(([key, value]) => metadata?.[key] === value)) continue;
          }
          if (limit !== undefined && limit-- <= 0) return;
          yield await index.tuple(threadId, record, this);
        }
      }
    }
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    const threadId = requiredThreadId(config, "put a checkpoint");
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const parentId = config.configurable?.checkpoint_id as string | undefined;
    const copy = copyCheckpoint(checkpoint);
    const serialized: [string, Serialized][] = [];
    for (const channel of Object.keys(newVersions)) {
      if (channel in copy.channel_values) serialized.push([channel, await serializeValue(this.serde, copy.channel_values[channel])]);
    }
    const { channel_values: _values, id, ...rest } = copy;
    const storedMetadata = await storeValue(this.serde, metadata, this.trustedJson);
    const held = await this.hold(threadId);
    held.usedAt = performance.now(); // in use: the idle clock must not let it go while this call reads the journal
    // A put that does not follow the checkpoint last put in its namespace (a fork, an update of an older
    // checkpoint): its parent, and the values it carries on, are read from the journal.
    let index: ThreadIndex | undefined;
    if (!held.latest.follows(ns, parentId)) {
      this.flush(held);
      index = await this.readJournal(held.id);
    }
    const parent = parentId === undefined ? undefined : index ? index.checkpoint(ns, parentId) : held.latest.latest(ns);
    // The lists kept are the last put checkpoint's: of use only to a checkpoint that follows it.
    if (held.heads.get(ns) !== parentId) for (const key of [...held.lists.keys()]) if (key.startsWith(`${ns}\u0000`)) held.lists.delete(key);
    held.heads.set(ns, id);
    const values: Record<string, LgChannelValue> = {};
    const lists = new Map<string, Buffer>();
    for (const [channel, value] of serialized) {
      values[channel] = this.channelValue(held, ns, channel, value, versionOf(parent, channel), newVersions[channel]!);
      if ("append" in values[channel]!) lists.set(channel, value.bytes);
    }
    const summary = stepSummary(copy, parent?.checkpoint as Pick<Checkpoint, "versions_seen"> | undefined);
    const record: Omit<LgCheckpointRecord, "seq" | "type"> = {
      ns,
      id,
      ...(parentId === undefined ? {} : { parent: parentId }),
      step: typeof metadata?.step === "number" ? metadata.step : -1,
      checkpoint: rest as Record<string, unknown>,
      values,
      metadata: storedMetadata,
      nodes: summary.nodes,
      next: summary.next,
      at: Date.now(),
    };
    const records: LgBatchRecord[] = [{ type: "lg-checkpoint", ...record }];
    // A root checkpoint with nothing due next is where LangGraph stops: the run's end, said at once
    // (a process that simply exits leaves its threads truthfully completed).
    if (ns === "" && summary.next.length === 0 && record.step >= 0) records.push({ type: "end", status: "completed", step: Math.max(record.step, 0), at: Date.now() });
    const durable = this.journal(held, records, true);
    if (index) {
      index.addCheckpoint(record);
      held.latest.reset(ns, index);
    } else held.latest.advance(record, lists);
    await durable;
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = requiredThreadId(config, "put writes");
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (checkpointId === undefined) {
      throw new DurableError("INVALID_ARGUMENT", `cannot put writes: the config names no checkpoint_id`, { thread: threadId });
    }
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    // Serialized first: from taking the writer to the append nothing waits, so no release comes between.
    // LangGraph's special writes (an error, an interrupt) are read back at once (the run's end says them): parsed.
    const serialized = await Promise.all(
      writes.map(async ([channel, value]) => [channel, await storeValue(this.serde, value, this.trustedJson && !(channel in WRITES_IDX_MAP))] as [string, LgValue]),
    );
    const held = await this.hold(threadId);
    held.usedAt = performance.now();
    let existing = held.latest.writesOf(ns, checkpointId);
    if (existing === "not-kept") {
      // Writes against an older checkpoint (LangGraph's own runs write against the newest): the journal has its others.
      this.flush(held);
      existing = (await this.readJournal(held.id)).writesOf(ns, checkpointId);
    }
    const stored = newWrites(existing, taskId, serialized).map((w) => ({ channel: w.channel, idx: w.idx, value: w.value as LgValue }));
    if (stored.length === 0) return;
    const record = { ns, checkpoint: checkpointId, task: taskId, ...(taskPath ? { path: taskPath } : {}), writes: stored, at: Date.now() };
    const records: LgBatchRecord[] = [{ type: "lg-writes", ...record }];
    if (ns === "" && held.latest.latest("")?.id === checkpointId) {
      const end = this.endOnStop(held, record.writes, taskPath ?? taskId);
      if (end) records.push({ type: "end", ...end });
    }
    const durable = this.journal(held, records, false);
    held.latest.addWrites(record);
    await durable;
  }

  async deleteThread(threadId: string): Promise<void> {
    const id = storeThreadId(threadId);
    await this.release(id);
    try {
      await this.store.delete(id);
    } catch (error) {
      if (!isDurableError(error, "THREAD_NOT_FOUND")) throw error;
    }
  }

  /** Lets one thread go (its lock released), so another process may continue it. */
  async release(threadId: string): Promise<void> {
    const pending = this.held.get(threadId);
    if (!pending) return;
    this.held.delete(threadId);
    const held = await pending.catch(() => undefined);
    if (!held) return;
    clearTimeout(held.idle);
    try {
      this.flush(held);
    } finally {
      await held.writer.close();
    }
  }

  /** Lets every thread this saver writes go. Call it when the runs are over (a process that exits lets them go too). */
  async close(): Promise<void> {
    await Promise.all([...this.held.keys()].map((id) => this.release(id)));
  }

  /** The thread's writer, taken once: the thread is created, or taken over (THREAD_LOCKED while another process holds it). */
  private hold(threadId: string): Promise<HeldThread> {
    const id = storeThreadId(threadId);
    let pending = this.held.get(id);
    if (!pending) {
      pending = this.take(id);
      this.held.set(id, pending);
      pending.catch(() => this.held.delete(id));
    }
    return pending;
  }

  private async take(id: string): Promise<HeldThread> {
    let writer: ThreadWriter;
    let resumed = false;
    try {
      writer = await this.store.create({ thread: id, graph: this.graph, state: {}, next: [], engine: "langgraph" });
    } catch (error) {
      if (!isDurableError(error, "THREAD_EXISTS")) throw error;
      writer = await this.store.open(id, { check: (resume) => assertLangGraphThread(id, resume.thread.engine) });
      resumed = true;
    }
    const index = resumed ? await this.readJournal(id) : undefined;
    const lgWriter = writer as LangGraphThreadWriter;
    lgWriter.recordRun({ run: newId("r"), pid: process.pid, at: Date.now(), step: Math.max(index?.latest("")?.step ?? 0, 0), resumed });
    return { id, writer: lgWriter, latest: index ? LatestCheckpoints.from(index) : new LatestCheckpoints(), usedAt: performance.now(), batch: [], lists: new Map(), heads: new Map(), waiting: [] };
  }

  /**
   * Appends `records` with the others taken meanwhile: one append, and one sync in fsync mode, for them
   * all. The promise resolves once they are durable, so `put` and `putWrites` keep their contract: what
   * they stored survives a crash once they resolve.
   *
   * A checkpoint (`now`) is appended at once, with the writes waiting before it: LangGraph calls each
   * `put` only once the previous one resolved, so a put held back would hold back every later one. Task
   * writes wait for the end of this turn of the event loop: in LangGraph's default "async" durability
   * the tasks of many steps finish within one turn (their nodes' promises resolve as microtasks), and
   * their writes share an append; "sync" durability waits for them before the next step, as for any
   * checkpointer.
   */
  private journal(held: HeldThread, records: LgBatchRecord[], now: boolean): Promise<void> {
    held.usedAt = performance.now();
    held.idle ??= this.idleTimer(held, this.idleMs);
    const durable = new Promise<void>((resolve, reject) => held.waiting.push({ resolve, reject }));
    for (const record of records) held.batch.push(record);
    if (now || held.batch.length >= MAX_BATCH) this.flush(held);
    else held.flushing ??= setImmediate(() => this.flush(held));
    return durable;
  }

  /**
   * Appends what waits. A failed append fails every call waiting on it, and the thread is let go: the next
   * call takes it again from what the journal holds (its index here may hold records that are not there).
   */
  private flush(held: HeldThread): void {
    if (held.flushing) clearImmediate(held.flushing);
    held.flushing = undefined;
    const { batch, waiting } = held;
    if (batch.length === 0) return;
    held.batch = [];
    held.waiting = [];
    try {
      held.writer.recordLgBatch(batch);
    } catch (error) {
      for (const call of waiting) call.reject(error);
      if (this.held.get(held.id) !== undefined) void this.release(held.id).catch(() => undefined);
      return;
    }
    for (const call of waiting) call.resolve();
  }

  /**
   * How a changed channel's value is journalled: a list that only grew since the parent checkpoint as the
   * items it added (see listAppend), anything else whole. The serialized lists of the newest checkpoints
   * are kept (the thread's current state, not its history) to compare the next version with.
   */
  private channelValue(held: HeldThread, ns: string, channel: string, value: Serialized, parentVersion: unknown, version: number | string): LgChannelValue {
    const key = `${ns}\u0000${channel}`;
    const previous = held.lists.get(key);
    const isList = this.trustedJson && value.type === "json" && value.bytes[0] === 0x5b;
    if (isList) {
      if (held.lists.size >= MAX_LISTS && !previous) held.lists.clear();
      held.lists.set(key, { version, bytes: value.bytes });
    } else if (previous) held.lists.delete(key);
    if (isList && previous && previous.version === parentVersion) {
      const items = appendedItems(previous.bytes, value.bytes);
      if (items !== undefined) return { append: new RawJson(items) as unknown as unknown[], after: previous.version };
    }
    return storedForm(value, this.trustedJson);
  }

  /** An interrupt or an error on the newest root checkpoint stops LangGraph's run: its end, said at once. */
  private endOnStop(held: HeldThread, writes: { channel: string; value: LgValue }[], path: string): Draft<EndRecord> | undefined {
    const step = Math.max(held.latest.latest("")?.step ?? 0, 0);
    const failure = writes.find((w) => w.channel === "__error__");
    if (writes.some((w) => w.channel === "__interrupt__")) return { status: "waiting", step, at: Date.now() };
    if (!failure) return undefined;
    const node = lgTaskNode(path) ?? path;
    const error = lgValueForPeople(failure.value) as { message?: unknown } | null;
    const message = typeof error?.message === "string" ? error.message : `node ${node} failed`;
    return { status: "failed", step, at: Date.now(), error: { code: "NODE_FAILED", message, details: { node } } };
  }

  /**
   * The thread's idle clock: a thread nobody writes to for `idleMs` is let go. One timer per thread, set
   * again when it fires early (a timer per call cost more than the call's append).
   */
  private idleTimer(held: HeldThread, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const idle = performance.now() - held.usedAt;
      if (idle < this.idleMs) held.idle = this.idleTimer(held, this.idleMs - idle);
      else if (this.held.has(held.id)) void this.release(held.id).catch(() => undefined);
    }, ms);
    timer.unref();
    return timer;
  }

  /** The thread, if this saver writes it. */
  private async heldThread(threadId: string): Promise<HeldThread | undefined> {
    let id: string;
    try {
      id = storeThreadId(threadId);
    } catch {
      return undefined;
    }
    return this.held.get(id);
  }

  /** The index of a thread, read from the store's journal (undefined: no such thread). What this saver holds back is appended first. */
  private async read(threadId: string): Promise<ThreadIndex | undefined> {
    let id: string;
    try {
      id = storeThreadId(threadId);
    } catch {
      return undefined; // no thread can have that id
    }
    const held = await this.held.get(id);
    if (held) this.flush(held);
    try {
      return await this.readJournal(id);
    } catch (error) {
      if (isDurableError(error, "THREAD_NOT_FOUND")) return undefined;
      throw error;
    }
  }

  /** Reads a thread's LangGraph records through the store's reader (pages; no lock taken). */
  private async readJournal(id: string): Promise<ThreadIndex> {
    const index = new ThreadIndex();
    let afterSeq: number | undefined;
    for (;;) {
      const page = await this.store.history(id, { limit: 1000, ...(afterSeq === undefined ? {} : { afterSeq }) });
      for (const record of page.records) index.apply(record);
      if (page.nextSeq === undefined) return index;
      afterSeq = page.nextSeq;
    }
  }

  private async langGraphThreads(): Promise<string[]> {
    const ids = new Set(this.held.keys());
    for (const info of await this.store.listThreads()) if (info.engine === "langgraph") ids.add(info.id);
    return [...ids];
  }
}

function versionOf(checkpoint: { checkpoint: Record<string, unknown> } | undefined, channel: string): unknown {
  return (checkpoint?.checkpoint.channel_versions as Record<string, unknown> | undefined)?.[channel];
}

function requiredThreadId(config: RunnableConfig, what: string): string {
  if (!config.configurable) throw new DurableError("INVALID_ARGUMENT", `cannot ${what}: the config has no "configurable"`, {});
  const threadId = config.configurable.thread_id as unknown;
  if (threadId === undefined) throw new DurableError("INVALID_ARGUMENT", `cannot ${what}: the config's "configurable" names no thread_id`, {});
  return storeThreadId(threadId);
}

function assertLangGraphThread(id: string, engine: string | undefined): void {
  if (engine !== "langgraph") {
    throw new DurableError("INVALID_ARGUMENT", `thread ${id} is a Durable Graphs thread, not a LangGraph.js one: pick another thread_id`, { thread: id });
  }
}

/** The script this process runs, as the Threads view would name a graph file. */
function defaultGraph(directory: string): string {
  const script = process.argv[1];
  if (!script) return "langgraph";
  const base = dirname(directory);
  const rel = relative(base, script);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : script;
}
