import { pickCheckpointStep, pickThread } from "./pickers";
import type { Services } from "./services";
import type { CheckpointNode } from "./tree/treeNodes";
import type { FolderStore } from "./workspaceStores";

/** A committed step of a thread, as a checkpoint command acts on it. */
export interface CheckpointTarget {
  entry: FolderStore;
  thread: string;
  step: number;
}

/**
 * The checkpoint a command acts on: a tree's checkpoint row, `{ thread, step }` (the panel, tests), or
 * else a thread and then a step picked by the user.
 */
export async function pickCheckpointTarget(services: Services, arg: unknown, title: string, question: (thread: string) => string): Promise<CheckpointTarget | undefined> {
  const node = arg as CheckpointNode | { thread?: unknown; step?: unknown; entry?: FolderStore } | undefined;
  if (node && "kind" in node && node.kind === "checkpoint") return { entry: node.entry, thread: node.thread, step: node.step };
  if (node && typeof node.thread === "string" && typeof node.step === "number") {
    const entry = node.entry ?? (await findEntry(services, node.thread));
    return entry ? { entry, thread: node.thread, step: node.step } : undefined;
  }
  const ref = await pickThread(services.stores, arg, title, () => true);
  if (!ref) return undefined;
  const step = await pickCheckpointStep(ref.entry, ref.info.id, title, question(ref.info.id));
  return step === undefined ? undefined : { entry: ref.entry, thread: ref.info.id, step };
}

async function findEntry(services: Services, thread: string): Promise<FolderStore | undefined> {
  for (const entry of services.stores.all()) if (await entry.store.getThread(thread)) return entry;
  return undefined;
}

/** `base`, or `base-2`, `base-3`… whichever no thread of the store has yet. */
export async function freeThreadId(entry: FolderStore, base: string): Promise<string> {
  const taken = new Set((await entry.store.listThreads()).map((t) => t.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
