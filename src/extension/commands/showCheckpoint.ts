import * as vscode from "vscode";
import { pickCheckpointStep, pickThread } from "../pickers";
import type { Services } from "../services";
import type { CheckpointNode } from "../tree/treeNodes";
import type { WorkspaceStores } from "../workspaceStores";
import { CHECKPOINT_SCHEME } from "../contributions";

/**
 * Serves the state at a checkpoint as read-only JSON documents:
 * `durable-graphs-checkpoint:/<thread>/step-<n>.json?folder=<folder uri>`.
 */
export class CheckpointDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly stores: WorkspaceStores) {}

  static uri(folder: string, thread: string, step: number): vscode.Uri {
    return vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: `/${thread}/step-${step}.json`, query: new URLSearchParams({ folder }).toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, thread, file] = uri.path.split("/");
    const step = Number(/^step-(\d+)\.json$/.exec(file ?? "")?.[1]);
    const entry = this.stores.forFolder(new URLSearchParams(uri.query).get("folder") ?? "") ?? this.stores.all()[0];
    if (!entry || !thread || !Number.isInteger(step)) return `// not a checkpoint: ${uri.toString()}`;
    const view = await entry.store.checkpoint(thread, step);
    return `${JSON.stringify(view.state, null, 2)}\n`;
  }
}

/** Show Checkpoint: the state at that checkpoint, formatted, read-only. */
export async function showCheckpoint(services: Services, arg?: unknown): Promise<vscode.TextEditor | undefined> {
  let target: { folder: string; thread: string; step: number } | undefined;
  const node = arg as CheckpointNode | undefined;
  if (node?.kind === "checkpoint") target = { folder: node.entry.folder.uri.toString(), thread: node.thread, step: node.step };
  else {
    const ref = await pickThread(services.stores, arg, "Show Checkpoint", () => true);
    if (!ref) return undefined;
    const step = await pickCheckpointStep(ref.entry, ref.info.id, "Show Checkpoint", `The state of ${ref.info.id} at which step?`);
    if (step === undefined) return undefined;
    target = { folder: ref.entry.folder.uri.toString(), thread: ref.info.id, step };
  }
  const document = await vscode.workspace.openTextDocument(CheckpointDocuments.uri(target.folder, target.thread, target.step));
  await vscode.languages.setTextDocumentLanguage(document, "json");
  return vscode.window.showTextDocument(document, { preview: true });
}
