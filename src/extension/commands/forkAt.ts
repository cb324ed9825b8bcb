import * as vscode from "vscode";
import type { ThreadInfo } from "../../core/store/checkpointStore";
import { forkInRunner } from "../runs/runnerProcess";
import type { Services } from "../services";
import { readSettings } from "../settings";
import type { FolderStore } from "../workspaceStores";

/**
 * Forks a thread at a step. A thread of our SDK is copied by the store; a LangGraph.js thread is forked
 * in a runner, which writes the step's checkpoint into the new thread through `DurableGraphsSaver` with
 * the workspace's LangGraph (a store copy would make it a thread of our SDK, which LangGraph cannot resume).
 */
export async function forkAt(services: Services, entry: FolderStore, thread: string, step: number, newId: string): Promise<ThreadInfo> {
  const source = await entry.store.getThread(thread);
  if (source?.engine !== "langgraph") return entry.store.fork(thread, step, newId);
  if (!vscode.workspace.isTrusted) throw new Error("Restricted Mode: forking a LangGraph.js thread loads the workspace's @langchain/langgraph. Trust the workspace to fork it");
  await forkInRunner(services.extensionPath, entry.folder.uri.fsPath, {
    storeDir: entry.storeDir,
    workspace: entry.folder.uri.fsPath,
    thread,
    step,
    newId,
    ...(readSettings(entry.folder).fsync ? { durability: "fsync" as const } : {}),
  });
  const info = await entry.store.getThread(newId);
  if (!info) throw new Error(`the runner forked ${thread} but thread ${newId} cannot be read`);
  return info;
}
