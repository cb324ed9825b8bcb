import * as vscode from "vscode";
import type { RunRecords } from "./runs/runRecords";
import { readSettings } from "./settings";
import type { WorkspaceStores } from "./workspaceStores";

/**
 * After a reload: the runs this window had going were stopped with the old extension host (their
 * runners exit when the IPC channel closes). The ones now interrupted are offered for resuming.
 * Returns the threads offered.
 */
export async function offerResumeAfterReload(stores: WorkspaceStores, records: RunRecords): Promise<string[]> {
  const previous = records.list();
  await records.clear();
  if (previous.length === 0) return [];
  const interrupted: string[] = [];
  for (const record of previous) {
    const entry = stores.forFolder(record.folder);
    const info = await entry?.store.getThread(record.thread).catch(() => undefined);
    if (info?.status === "interrupted") interrupted.push(record.thread);
  }
  if (interrupted.length === 0 || !readSettings().offerResumeAfterReload) return interrupted;
  const resume = interrupted.length === 1 ? "Resume" : "Resume All";
  void vscode.window
    .showInformationMessage(
      interrupted.length === 1
        ? `The window reload interrupted thread ${interrupted[0]}. It can resume from its last checkpoint.`
        : `The window reload interrupted ${interrupted.length} threads (${interrupted.join(", ")}). Each can resume from its last checkpoint.`,
      resume,
    )
    .then(async (choice) => {
      if (choice !== resume) return;
      for (const thread of interrupted) void vscode.commands.executeCommand("durableGraphs.resumeThread", thread);
    });
  return interrupted;
}
