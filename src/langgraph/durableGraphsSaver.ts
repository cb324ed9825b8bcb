import { dirname, isAbsolute, relative, resolve } from "node:path";
import {
  BaseCheckpointSaver,
  copyCheckpoint,
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
import type { CheckpointStore, LangGraphThreadWriter, ThreadWriter } from "../core/store/checkpointStore";
import { FileStore } from "../core/store/file/fileStore";
import { lgTaskNode, lgValueForPeople } from "../core/store/langGraphReplay";
import type { LgCheckpointRecord, LgValue } from "../core/store/records";
import { stepSummary } from "./stepSummary";
import { storeValue } from "./storedValue";
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

/** A thread this saver writes: its writer (the thread's lock) and its index. */
interface HeldThread {
  writer: LangGraphThreadWriter;
  index: ThreadIndex;
  idle?: NodeJS.Timeout;
}

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
 * - **Records** (journal format 3): each `put` appends one `lg-checkpoint` record holding only the
 *   channels `newVersions` names (a channel that did not change is not written again), and each
 *   `putWrites` one `lg-writes` record, durable when the call returns — in fsync mode too — so a crash
 *   inside a super-step loses no finished task. Namespaces (subgraphs) are kept apart by `ns`.
 * - **One writer per thread**: the first write to a thread takes its lock (creating the thread, or
 *   taking it over from a dead owner: a torn tail is cut, damage quarantines it) and keeps it while the
 *   run goes; `close()`, `release(threadId)`, or `idleMs` without writes let it go. Another process
 *   writing the thread meanwhile gets THREAD_LOCKED. Each taking of the lock journals a `run` record.
 * - **Status**: a root checkpoint with nothing due next journals the run's end (`completed`); an
 *   `interrupt()` ends it `waiting`, an error `failed` (LangGraph writes nothing more after them).
 * - **Reads** of a thread this saver writes come from memory; others are read from the store's journal.
 */
export class DurableGraphsSaver extends BaseCheckpointSaver {
  /** The store the threads live in. */
  readonly store: CheckpointStore;
  private readonly graph: string;
  private readonly idleMs: number;
  private readonly held = new Map<string, Promise<HeldThread>>();

  constructor(options: DurableGraphsSaverOptions = {}) {
    super(options.serde);
    const directory = resolve(options.directory ?? ".durable");
    this.store = options.store ?? new FileStore(directory, { durability: options.fsync ? "fsync" : "process" });
    this.graph = options.graph ?? defaultGraph(directory);
    this.idleMs = options.idleMs ?? 30_000;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) return undefined;
    const index = await this.read(threadId);
    if (!index) return undefined;
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const id = config.configurable?.checkpoint_id as string | undefined;
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
    const values: Record<string, LgValue> = {};
    for (const channel of Object.keys(newVersions)) {
      if (channel in copy.channel_values) values[channel] = await storeValue(this.serde, copy.channel_values[channel]);
    }
    const { channel_values: _values, id, ...rest } = copy;
    const storedMetadata = await storeValue(this.serde, metadata);
    const held = await this.hold(threadId);
    const parent = parentId === undefined ? undefined : held.index.checkpoint(ns, parentId);
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
    held.writer.recordLgCheckpoint(record);
    held.index.addCheckpoint(record);
    // A root checkpoint with nothing due next is where LangGraph stops: the run's end, said at once
    // (a process that simply exits leaves its threads truthfully completed).
    if (ns === "" && summary.next.length === 0 && record.step >= 0) held.writer.end({ status: "completed", step: Math.max(record.step, 0), at: Date.now() });
    this.touch(threadId, held);
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
    const serialized = await Promise.all(writes.map(async ([channel, value]) => [channel, await storeValue(this.serde, value)] as [string, LgValue]));
    const held = await this.hold(threadId);
    const stored = held.index.newWrites(ns, checkpointId, taskId, serialized).map((w) => ({ channel: w.channel, idx: w.idx, value: w.value as LgValue }));
    if (stored.length === 0) return;
    const record = { ns, checkpoint: checkpointId, task: taskId, ...(taskPath ? { path: taskPath } : {}), writes: stored, at: Date.now() };
    held.writer.recordLgWrites(record);
    held.index.addWrites(record);
    if (ns === "" && held.index.latest("")?.id === checkpointId) this.endOnStop(held, record.writes, taskPath ?? taskId);
    this.touch(threadId, held);
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
    await held.writer.close();
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
    const index = resumed ? await this.readJournal(id) : new ThreadIndex();
    const lgWriter = writer as LangGraphThreadWriter;
    lgWriter.recordRun({ run: newId("r"), pid: process.pid, at: Date.now(), step: Math.max(index.latest("")?.step ?? 0, 0), resumed });
    return { writer: lgWriter, index };
  }

  /** An interrupt or an error on the newest root checkpoint stops LangGraph's run: its end, said at once. */
  private endOnStop(held: HeldThread, writes: { channel: string; value: LgValue }[], path: string): void {
    const step = Math.max(held.index.latest("")?.step ?? 0, 0);
    const failure = writes.find((w) => w.channel === "__error__");
    if (writes.some((w) => w.channel === "__interrupt__")) held.writer.end({ status: "waiting", step, at: Date.now() });
    else if (failure) {
      const node = lgTaskNode(path) ?? path;
      const error = lgValueForPeople(failure.value) as { message?: unknown } | null;
      const message = typeof error?.message === "string" ? error.message : `node ${node} failed`;
      held.writer.end({ status: "failed", step, at: Date.now(), error: { code: "NODE_FAILED", message, details: { node } } });
    }
  }

  /** Restarts the thread's idle clock: a thread nobody writes to for `idleMs` is let go. */
  private touch(id: string, held: HeldThread): void {
    clearTimeout(held.idle);
    held.idle = setTimeout(() => void this.release(storeThreadId(id)).catch(() => undefined), this.idleMs);
    held.idle.unref();
  }

  /** The index of a thread: this saver's own while it writes it, else read from the store (undefined: no such thread). */
  private async read(threadId: string): Promise<ThreadIndex | undefined> {
    let id: string;
    try {
      id = storeThreadId(threadId);
    } catch {
      return undefined; // no thread can have that id
    }
    const held = this.held.get(id);
    if (held) return (await held).index;
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
