import { clippedJson } from "../core/clippedJson";
import { runWithLog } from "../core/executor/logCapture";
import { DurableError, isDurableError } from "../core/errors";
import type { CheckpointStore, ThreadInfo } from "../core/store/checkpointStore";
import { describeError } from "./describeError";
import { isCompiled, type LangGraphApp, type LangGraphExport } from "./langGraphExport";
import { LangGraphEvents } from "./langGraphEvents";
import type { DurableGraphsSaver } from "../langgraph/durableGraphsSaver";
import { loadSaverClass, makeSaver } from "./langGraphSaver";
import type { LoadedLangGraph } from "./loadGraph";
import type { RunOutcome, RunRequest } from "./runGraphThread";

export interface LangGraphRun {
  request: RunRequest;
  loaded: LoadedLangGraph;
  thread: string;
  /** The graph file as the thread records it. */
  graphLabel: string;
  /** The thread as the store has it (undefined: a new thread, or `--fresh`). */
  existing: ThreadInfo | undefined;
  /** `--fresh` on a thread that exists: it is deleted first. */
  replace: boolean;
}

/**
 * Runs or resumes a thread of an unmodified LangGraph.js graph with the user's own LangGraph and
 * `DurableGraphsSaver` on the run's store: `graph.stream(input | null | Command({ resume }))`, its debug
 * stream reported as the SDK's run events. LangGraph decides what runs; the saver journals each
 * node's writes as it finishes and each super-step's checkpoint, so a crash loses no finished node.
 */
export async function runLangGraphThread(run: LangGraphRun): Promise<RunOutcome> {
  const { request, loaded, thread, graphLabel, existing } = run;
  const emit = request.onEvent ?? (() => undefined);
  if (existing && existing.engine !== "langgraph") {
    throw new DurableError(
      "INVALID_ARGUMENT",
      `thread ${thread} was run with the durable-graphs SDK, and ${graphLabel} is now a LangGraph.js graph: pick another --thread, or pass --fresh to start it over`,
      { thread },
    );
  }
  if (existing?.status === "completed") {
    if (request.answer) throw new DurableError("INVALID_ARGUMENT", `thread ${thread} is completed: nothing asks for an answer`, { thread });
    if (!(await request.store.hasTornTail(thread))) {
      const view = await request.store.checkpoint(thread);
      return { status: "completed", step: view.step, state: view.state, thread, graph: graphLabel, alreadyFinished: true };
    }
  }
  const waiting = existing?.status === "waiting";
  if (waiting && !request.answer) {
    const questions = existing.questions ?? [];
    const asked = questions.map((q) => `node "${q.node}" asks ${clippedJson(q.value)}`).join("; ") || `node ${existing.next.join(", ")} asks`;
    throw new DurableError("WAITING_FOR_INPUT", `thread ${thread} is waiting for input: ${asked}`, { thread, questions });
  }
  if (request.answer && !waiting) {
    throw new DurableError("INVALID_ARGUMENT", `thread ${thread} is not waiting for input: nothing asks for an answer`, { thread });
  }

  const Saver = loadSaverClass(loaded.langgraphEntry);
  const saver = makeSaver(Saver, {
    store: request.store,
    graph: graphLabel,
    ...(request.crashAt ? { crashAt: request.crashAt } : {}),
    ...(request.beforeCrash ? { beforeCrash: request.beforeCrash } : {}),
  });
  const app = compiledWith(loaded.exported, saver);
  const crashNode = request.crashAt?.split(":")[1];
  if (crashNode && !(crashNode in app.nodes)) {
    const nodes = Object.keys(app.nodes).filter((n) => n !== "__start__");
    throw new DurableError("INVALID_ARGUMENT", `--crash-at names node "${crashNode}", which the graph does not have (nodes: ${nodes.join(", ")})`, { node: crashNode });
  }
  if (run.replace) await request.store.delete(thread);

  // A new thread starts from its input; an unfinished one continues from its last checkpoint (null);
  // a waiting one with the answer to its `interrupt()`.
  const input = request.answer ? new loaded.langgraph.Command({ resume: request.answer.value }) : existing ? null : (request.input ?? {});
  const startStep = existing?.step ?? 0;
  emit({
    type: "run-started",
    thread,
    graph: graphLabel,
    resumed: existing !== undefined,
    step: startStep,
    lastNodes: existing?.lastNodes ?? [],
    next: existing?.next ?? [],
    pending: [],
    pid: process.pid,
  });
  const events = new LangGraphEvents(emit, existing ? startStep : -1, existing ? await journalledTasks(saver, thread) : new Map());
  const signal = request.signal ?? new AbortController().signal;
  let cancelled = false;
  try {
    await consoleOfNodes(loaded, events, async () => {
      const stream = await app.stream(input, {
        configurable: { thread_id: thread },
        streamMode: "debug",
        signal,
        ...(request.stepLimit ? { recursionLimit: request.stepLimit } : {}),
      });
      for await (const chunk of stream) events.push(chunk);
    });
  } catch (error) {
    if (signal.aborted) cancelled = true;
    else {
      // The store's own failures (disk full, the thread taken over…) are said as such, never blamed on a node.
      if (isDurableError(error)) throw error;
      const failure = { ...describeError(error, loaded.file), ...(events.failedNode ? { node: events.failedNode } : {}) };
      emit({ type: "failed", step: events.step, error: failure });
      return { status: "failed", step: events.step, state: events.values, error: failure, thread, graph: graphLabel };
    }
  } finally {
    await saver.close();
  }
  if (cancelled) {
    await markCancelled(request.store, thread, Math.max(events.step, 0));
    emit({ type: "cancelled", step: events.step });
    return { status: "cancelled", step: events.step, state: events.values, thread, graph: graphLabel };
  }
  if (events.questions.length > 0) {
    emit({ type: "waiting", step: events.step, questions: events.questions });
    return { status: "waiting", step: events.step, state: events.values, questions: events.questions, thread, graph: graphLabel };
  }
  emit({ type: "done", step: events.step, state: events.values });
  return { status: "completed", step: events.step, state: events.values, thread, graph: graphLabel };
}

/**
 * LangGraph writes nothing when a run is aborted: the thread would read as interrupted (a crash). A
 * cancel is said in the journal as for the SDK's threads, by the next owner of the thread (the saver has
 * let it go), so the Threads view and `threads` show "cancelled" and Resume continues it.
 */
async function markCancelled(store: CheckpointStore, thread: string, step: number): Promise<void> {
  let writer;
  try {
    writer = await store.open(thread);
  } catch {
    return; // never written (cancelled before its first checkpoint), or taken by another process: nothing to say
  }
  try {
    writer.end({ status: "cancelled", step, at: Date.now() });
  } finally {
    await writer.close();
  }
}

/** The graph compiled with the saver: a `StateGraph` is compiled, a compiled graph gets the saver as its checkpointer. */
function compiledWith(exported: LangGraphExport, saver: unknown): LangGraphApp {
  if (!isCompiled(exported)) return exported.compile({ checkpointer: saver });
  // Compiled by the file (perhaps with a checkpointer of its own): its threads live in this store instead.
  exported.checkpointer = saver;
  return exported;
}

/**
 * Routes `console.*` inside the graph's nodes to `log` events of the node that wrote them (LangGraph's
 * `getConfig()` names the node and step of the code running now), as the SDK's nodes' lines are.
 */
function consoleOfNodes(loaded: LoadedLangGraph, events: LangGraphEvents, fn: () => Promise<void>): Promise<void> {
  const sink = {
    lines: [],
    emit(level: "debug" | "info" | "warn" | "error", message: string) {
      let metadata: Record<string, unknown> | undefined;
      try {
        metadata = loaded.langgraph.getConfig?.()?.metadata;
      } catch {
        metadata = undefined; // outside a node: LangGraph has no config to give
      }
      const node = typeof metadata?.langgraph_node === "string" ? metadata.langgraph_node : "(graph)";
      const step = typeof metadata?.langgraph_step === "number" ? metadata.langgraph_step : events.step + 1;
      events.log({ type: "log", step, node, level, message });
    },
  };
  return runWithLog(sink, fn);
}

/** The writes of tasks of the thread's next step that finished before the last run stopped: task id → keys. */
async function journalledTasks(saver: DurableGraphsSaver, thread: string): Promise<Map<string, string[]>> {
  const tuple = await saver.getTuple({ configurable: { thread_id: thread } });
  const tasks = new Map<string, string[]>();
  for (const [task, channel] of tuple?.pendingWrites ?? []) {
    if (channel === "__error__" || channel === "__interrupt__" || channel === "__resume__") continue;
    tasks.set(task, [...(tasks.get(task) ?? []), ...(channel.startsWith("__") || channel.includes(":") ? [] : [channel])]);
  }
  return tasks;
}
