import { resolve } from "node:path";
import { userInfo } from "node:os";
import { DurableError } from "../core/errors";
import { validateId } from "../core/ids";
import type { CheckpointStore, ThreadInfo } from "../core/store/checkpointStore";
import { validateEditedState } from "../core/state/validateEditedState";
import { loadGraph } from "./loadGraph";
import { forkLangGraphThread } from "./forkLangGraphThread";

/** A person's edit of a checkpoint's state: some keys replaced (`set`), or the whole state. */
export interface EditInput {
  set?: Record<string, unknown>;
  state?: unknown;
  /** Who edits (defaults to the OS user). */
  by?: string;
}

export interface ForkRequest {
  store: CheckpointStore;
  /** The directory graph paths are stored relative to. */
  workspace: string;
  thread: string;
  step: number;
  newId: string;
  edit?: EditInput;
}

/**
 * Forks a thread at a step, with a person's edit of the state if one is given. An edit is checked
 * against the thread's graph's state schema first (the graph file is loaded, so this runs where
 * workspace code may: the CLI, the runner process), and nothing is written when it does not fit.
 */
export async function forkThread(request: ForkRequest): Promise<ThreadInfo> {
  const newId = validateId(request.newId);
  const edit = request.edit;
  if ((await request.store.getThread(request.thread))?.engine === "langgraph") {
    if (edit) throw new DurableError("INVALID_ARGUMENT", `thread ${request.thread} is a LangGraph.js thread: editing its state is not supported yet; fork it without an edit`, { thread: request.thread });
    return forkLangGraphThread({ store: request.store, workspace: request.workspace, thread: request.thread, step: request.step, newId });
  }
  if (!edit) return request.store.fork(request.thread, request.step, newId);
  if (edit.set === undefined && edit.state === undefined) throw new DurableError("INVALID_ARGUMENT", "an edit needs keys to set or a whole state", {});
  // The fork point first: a missing thread or step is said as such, before the graph is loaded.
  const view = await request.store.checkpoint(request.thread, request.step);
  if (await request.store.getThread(newId)) throw new DurableError("THREAD_EXISTS", `thread ${newId} already exists`, { thread: newId });
  const record = await request.store.threadRecord(request.thread);
  const { graph } = await loadGraph(resolve(request.workspace, record.graph));
  const edited = edit.state !== undefined ? edit.state : { ...view.state, ...edit.set };
  const state = validateEditedState(graph.schema, edited);
  return request.store.fork(request.thread, request.step, newId, { edit: { state, by: edit.by ?? currentUser() } });
}

/** The OS user's name, as the edit's author. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
}
