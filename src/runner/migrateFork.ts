import { resolve } from "node:path";
import { DurableError } from "../core/errors";
import { findNonJson } from "../core/state/jsonValue";
import type { GraphFingerprint } from "../core/fingerprint/graphFingerprint";
import type { CheckpointStore, ThreadInfo } from "../core/store/checkpointStore";
import { loadGraph } from "./loadGraph";

export interface MigrateForkRequest {
  store: CheckpointStore;
  workspace: string;
  thread: string;
  step: number;
  newId: string;
}

/**
 * A fork whose state is migrated to the graph as it is now: the graph file's `migrate(state,
 * fromFingerprint)` gets the state at `step` and the fingerprint id of the graph that wrote it, and
 * returns the state for the current schema, which is checked (schema, JSON) before the fork is created.
 * The original thread is not touched; nothing is written if the migration fails or its result is refused.
 */
export async function forkWithMigration(request: MigrateForkRequest): Promise<ThreadInfo & { migratedFrom?: string }> {
  const { store, thread, step, newId } = request;
  const origin = await store.threadRecord(thread);
  const file = resolve(request.workspace, origin.graph);
  const loaded = await loadGraph(file);
  if (!loaded.migrate) {
    throw new DurableError(
      "INVALID_ARGUMENT",
      `${origin.graph} exports no migrate function: add \`export function migrate(state, fromFingerprint) { return … }\` returning the state for the current schema`,
      { file },
    );
  }
  if (await store.getThread(newId)) throw new DurableError("THREAD_EXISTS", `thread ${newId} already exists`, { thread: newId });
  const view = await store.checkpoint(thread, step);
  const from = await graphAtStep(store, thread, step);
  let migrated: unknown;
  try {
    migrated = await loaded.migrate(structuredClone(view.state), from?.id);
  } catch (error) {
    throw new DurableError("GRAPH_CHANGED", `migrate() in ${origin.graph} threw: ${(error as Error)?.message ?? String(error)}`, { file, thread }, { cause: error });
  }
  const parsed = loaded.graph.schema.safeParse(migrated);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DurableError(
      "GRAPH_CHANGED",
      `the state migrate() returned does not match the state schema at "${issue.path.join(".") || "(state)"}": ${issue.message}`,
      { file, thread, path: issue.path.join(".") },
    );
  }
  const state = parsed.data as Record<string, unknown>;
  const bad = findNonJson(state);
  if (bad) throw new DurableError("GRAPH_CHANGED", `the state migrate() returned holds ${bad.reason} at ${bad.path}, which cannot be stored as JSON`, { path: bad.path });
  const missing = view.next.find((node) => !loaded.graph.nodes.has(node));
  if (missing) {
    throw new DurableError("GRAPH_CHANGED", `step ${step} of thread ${thread} is followed by node "${missing}", which ${origin.graph} no longer has; fork from an earlier step`, {
      thread,
      node: missing,
    });
  }
  const writer = await store.create({ thread: newId, graph: origin.graph, state, next: view.next, step, forkedFrom: { thread, step } });
  await writer.close();
  const info = (await store.getThread(newId))!;
  return { ...info, ...(from ? { migratedFrom: from.id } : {}) };
}

/**
 * The graph that committed `step`: the last run that started before it (a run records where it starts).
 * Read through the history once (a fork is rare, and it must not guess).
 */
async function graphAtStep(store: CheckpointStore, thread: string, step: number): Promise<GraphFingerprint | undefined> {
  let found: GraphFingerprint | undefined;
  let afterSeq: number | undefined;
  for (;;) {
    const page = await store.history(thread, { limit: 500, ...(afterSeq === undefined ? {} : { afterSeq }) });
    for (const record of page.records) {
      if (record.type === "run" && record.step < step && record.graph) found = record.graph;
      if (record.type === "checkpoint" && record.step >= step) return found;
    }
    if (page.nextSeq === undefined) return found;
    afterSeq = page.nextSeq;
  }
}
