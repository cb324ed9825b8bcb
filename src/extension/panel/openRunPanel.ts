import * as vscode from "vscode";
import type { ThreadInfo } from "../../core/store/checkpointStore";
import { pickThread, type ThreadRef } from "../pickers";
import type { Services } from "../services";
import { describeThread } from "../tree/treeItems";
import type { RunPanel } from "./runPanel";
import type { RunPanels } from "./runPanels";

/**
 * Open Run Panel: for a thread row or checkpoint row of the Threads view, a thread id, a graph file
 * (the CodeLens: one of its threads), or else a thread picked from all of them.
 */
export async function openRunPanel(services: Services, panels: RunPanels, arg?: unknown): Promise<RunPanel | undefined> {
  const ref = arg instanceof vscode.Uri ? await pickThreadOfGraph(services, arg) : await pickThread(services.stores, fromRow(arg), "Open Run Panel", () => true);
  return ref ? panels.show(ref.entry, ref.info.id) : undefined;
}

/** A checkpoint row opens its thread's panel. */
function fromRow(arg: unknown): unknown {
  const row = arg as { kind?: string; thread?: unknown } | undefined;
  return row?.kind === "checkpoint" && typeof row.thread === "string" ? row.thread : arg;
}

async function pickThreadOfGraph(services: Services, file: vscode.Uri): Promise<ThreadRef | undefined> {
  const entry = services.stores.forUri(file);
  if (!entry) return undefined;
  const label = services.stores.graphLabel(entry, file);
  const threads = (await entry.store.listThreads()).filter((t) => t.graph === label).sort((a, b) => b.updatedAt - a.updatedAt);
  if (threads.length === 0) {
    void vscode.window.showInformationMessage(`${label} has no thread yet: Run Graph starts one.`);
    return undefined;
  }
  if (threads.length === 1) return { entry, info: threads[0]! };
  const picked = await vscode.window.showQuickPick(
    threads.map((info: ThreadInfo) => ({ label: info.id, description: describeThread(info), info })),
    { title: "Open Run Panel", placeHolder: `Which thread of ${label}?` },
  );
  return picked ? { entry, info: picked.info } : undefined;
}
