/**
 * Runs compiled graphs on a memory store the way the runner does (create the thread at step 0 with the
 * schema's defaults, execute, close), and reads back what a user would look at: events and the journal.
 */
import { executeThread, type ExecuteOptions, type RunResult } from "../../../src/core/executor/executeThread";
import { nextNodes } from "../../../src/core/executor/routing";
import type { RunEvent } from "../../../src/core/protocol/runEvents";
import type { CompiledGraph } from "../../../src/core/sdk/compiledGraph";
import { START } from "../../../src/core/sdk/constants";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import type { ThreadWriter } from "../../../src/core/store/checkpointStore";
import type { JournalRecord } from "../../../src/core/store/records";

export interface Run {
  result: RunResult;
  events: RunEvent[];
}

type RunOptions = Omit<ExecuteOptions, "graph" | "writer" | "onEvent"> & {
  /** Sees each event as it is emitted (to act mid-run, e.g. cancel when a node starts). */
  tap?: (event: RunEvent) => void;
};

/** Creates thread `thread` in `store` at step 0: the graph's defaults plus `input`, and what START leads to. */
export async function createThread(graph: CompiledGraph, store: MemoryStore, thread = "t", input: object = {}): Promise<ThreadWriter> {
  const state = graph.schema.parse(input) as Record<string, unknown>;
  const next = await nextNodes(graph, [START], state);
  return store.create({ thread, graph: "test.graph.ts", state, next });
}

/** Creates thread `thread` and runs it. */
export async function startRun(graph: CompiledGraph, store: MemoryStore, thread = "t", options: RunOptions & { input?: object } = {}): Promise<Run> {
  const { input, ...rest } = options;
  return execute(graph, await createThread(graph, store, thread, input), rest);
}

/** Reopens thread `thread` (as after a crash or a failure) and runs it on. */
export async function resumeRun(graph: CompiledGraph, store: MemoryStore, thread = "t", options: RunOptions = {}): Promise<Run> {
  return execute(graph, await store.open(thread), options);
}

/** Runs the thread `writer` holds, collecting its events, and closes the writer however the run ends. */
export async function execute(graph: CompiledGraph, writer: ThreadWriter, options: RunOptions = {}): Promise<Run> {
  const { tap, ...rest } = options;
  const events: RunEvent[] = [];
  const onEvent = (event: RunEvent) => {
    events.push(event);
    tap?.(event);
  };
  try {
    const result = await executeThread({ graph, writer, onEvent, ...rest });
    return { result, events };
  } finally {
    await writer.close();
  }
}

export async function journal(store: MemoryStore, thread = "t"): Promise<JournalRecord[]> {
  return (await store.history(thread)).records;
}

export function recordsOf<T extends JournalRecord["type"]>(records: JournalRecord[], type: T): Extract<JournalRecord, { type: T }>[] {
  return records.filter((r): r is Extract<JournalRecord, { type: T }> => r.type === type);
}

/** How many times each node was called. */
export class Calls {
  private readonly counts = new Map<string, number>();
  hit(name: string): number {
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    return n;
  }
  of(name: string): number {
    return this.counts.get(name) ?? 0;
  }
}

/** A promise with its resolve function outside, to let a test hold a node until it chooses. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Thrown by a writer whose process "died": nothing more reaches the journal. */
export class SimulatedCrash extends Error {
  override readonly name = "SimulatedCrash";
}

/**
 * A writer that behaves like the process died when `crash()` is called: every later write throws and
 * is lost, as if the process had been killed at that moment. Closing it still releases the thread.
 */
export function crashableWriter(writer: ThreadWriter): { writer: ThreadWriter; crash: () => never } {
  let dead = false;
  const guard =
    <A extends unknown[]>(write: (...args: A) => void) =>
    (...args: A) => {
      if (dead) throw new SimulatedCrash("the process is dead");
      write(...args);
    };
  return {
    writer: {
      threadId: writer.threadId,
      epoch: writer.epoch,
      resume: writer.resume,
      recordRun: guard((r) => writer.recordRun(r)),
      recordNode: guard((r) => writer.recordNode(r)),
      recordTask: guard((r) => writer.recordTask(r)),
      recordFailure: guard((r) => writer.recordFailure(r)),
      recordInterrupt: guard((r) => writer.recordInterrupt(r)),
      recordAnswer: guard((r) => writer.recordAnswer(r)),
      commit: guard((c) => writer.commit(c)),
      end: guard((e) => writer.end(e)),
      assertOwner: guard(() => writer.assertOwner()),
      close: () => writer.close(),
    },
    crash: () => {
      dead = true;
      throw new SimulatedCrash("killed at a fault point");
    },
  };
}
