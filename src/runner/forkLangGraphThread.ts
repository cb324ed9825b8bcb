import { createRequire } from "node:module";
import { resolve } from "node:path";
import { DurableError } from "../core/errors";
import { validateId } from "../core/ids";
import type { CheckpointStore, ThreadInfo } from "../core/store/checkpointStore";
import { langGraphMissing } from "./langGraphExport";
import { loadSaverClass } from "./langGraphSaver";

export interface LangGraphForkRequest {
  store: CheckpointStore;
  /** The directory graph paths are stored relative to. */
  workspace: string;
  thread: string;
  step: number;
  newId: string;
}

/**
 * Forks a LangGraph.js thread at a step: a new thread whose first checkpoint is the source's root
 * checkpoint of that step (every channel of it, written through the saver), marked as forked from it.
 * `resume` then continues it as LangGraph would continue that checkpoint: the next step runs whole.
 * The graph file is not run: only its `@langchain/langgraph` is resolved, for the saver's classes.
 */
export async function forkLangGraphThread(request: LangGraphForkRequest): Promise<ThreadInfo> {
  const newId = validateId(request.newId);
  const record = await request.store.threadRecord(request.thread);
  if (await request.store.getThread(newId)) throw new DurableError("THREAD_EXISTS", `thread ${newId} already exists`, { thread: newId });
  const file = resolve(request.workspace, record.graph);
  let entry: string;
  try {
    entry = createRequire(file).resolve("@langchain/langgraph");
  } catch (error) {
    throw langGraphMissing(file, "@langchain/langgraph", error);
  }
  const Saver = loadSaverClass(entry);
  const source = new Saver({ store: request.store, graph: record.graph });
  let found: Awaited<ReturnType<typeof source.getTuple>>;
  for await (const tuple of source.list({ configurable: { thread_id: request.thread, checkpoint_ns: "" } })) {
    if (tuple.metadata?.step === request.step) {
      found = tuple;
      break; // newest first: the step's checkpoint on the thread's current line
    }
  }
  if (!found) {
    throw new DurableError("CHECKPOINT_NOT_FOUND", `thread ${request.thread} has no checkpoint at step ${request.step}`, { thread: request.thread, step: request.step });
  }
  // Created first, to record where it came from; the saver then writes the checkpoint into it.
  const writer = await request.store.create({ thread: newId, graph: record.graph, state: {}, next: [], engine: "langgraph", forkedFrom: { thread: request.thread, step: request.step } });
  await writer.close();
  const target = new Saver({ store: request.store, graph: record.graph });
  try {
    const { checkpoint, metadata } = found;
    await target.put({ configurable: { thread_id: newId, checkpoint_ns: "" } }, checkpoint, { ...metadata!, source: "fork" }, checkpoint.channel_versions);
  } finally {
    await target.close();
  }
  return (await request.store.getThread(newId))!;
}
