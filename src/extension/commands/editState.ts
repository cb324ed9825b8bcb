import { userInfo } from "node:os";
import * as vscode from "vscode";
import { pickCheckpointTarget, freeThreadId } from "../checkpointTarget";
import { EDIT_SCHEME } from "../contributions";
import { readSettings } from "../settings";
import { forkInRunner } from "../runs/runnerProcess";
import type { Services } from "../services";
import { requireTrust } from "../trust";
import type { FolderStore } from "../workspaceStores";

/** A fork made by saving an edit. */
export interface EditFork {
  entry: FolderStore;
  source: string;
  step: number;
  thread: string;
}

/**
 * The state at a checkpoint as an editable JSON document,
 * `durable-graphs-edit:/<thread>/step-<n>.json?folder=<folder uri>`. Saving it is the action: the edit
 * goes to a runner process, which checks it against the graph's state schema (the graph file is
 * workspace code: never loaded in the extension host) and forks the thread with the edit as its next
 * step. A refused edit fails the save with the reason, naming the key, and the document stays as typed.
 * The checkpoint itself is never changed.
 */
export class EditStateDocuments implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  private readonly forked = new vscode.EventEmitter<EditFork>();
  /** Fires when a saved edit made a fork. */
  readonly onDidFork = this.forked.event;
  /** What each document was last read or saved as (its stat must agree with it). */
  private readonly contents = new Map<string, { data: Uint8Array; mtime: number }>();

  constructor(private readonly services: Services) {}

  static uri(entry: FolderStore, thread: string, step: number): vscode.Uri {
    return vscode.Uri.from({ scheme: EDIT_SCHEME, path: `/${thread}/step-${step}.json`, query: new URLSearchParams({ folder: entry.folder.uri.toString() }).toString() });
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { data, mtime } = await this.content(uri);
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: data.byteLength };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.content(uri)).data;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { entry, thread, step } = this.target(uri);
    if (!vscode.workspace.isTrusted) {
      throw vscode.FileSystemError.NoPermissions("Restricted Mode: checking an edit loads the graph file, which runs workspace code. Trust the workspace to save edits.");
    }
    let state: unknown;
    try {
      state = JSON.parse(new TextDecoder().decode(content));
    } catch (error) {
      throw this.refuse(`Cannot save the edit of ${thread} at step ${step}: it is not valid JSON (${(error as Error).message}).`);
    }
    const newId = await freeThreadId(entry, `${thread}-edit-${step}`);
    try {
      await forkInRunner(this.services.extensionPath, entry.folder.uri.fsPath, {
        storeDir: entry.storeDir,
        workspace: entry.folder.uri.fsPath,
        thread,
        step,
        newId,
        edit: { state, by: editor() },
        ...(readSettings(entry.folder).fsync ? { durability: "fsync" as const } : {}),
      });
    } catch (error) {
      throw this.refuse(`Cannot save the edit of ${thread} at step ${step}: ${(error as Error).message}. Nothing was written.`);
    }
    this.contents.set(uri.toString(), { data: content, mtime: Date.now() });
    this.services.output.appendLine(`[${newId}] forked from ${thread} at step ${step} with an edit of the state`);
    this.forked.fire({ entry, source: thread, step, thread: newId });
  }

  readDirectory(): never {
    throw vscode.FileSystemError.NoPermissions("checkpoint states are single documents");
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions("checkpoint states are single documents");
  }

  delete(): never {
    throw vscode.FileSystemError.NoPermissions("a checkpoint is never deleted from here: Reset Thread deletes a thread");
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions("a checkpoint cannot be renamed");
  }

  dispose(): void {
    this.changes.dispose();
    this.forked.dispose();
  }

  /** Shown at once (the editor's own save error is terse) and thrown, so the save fails and the document keeps the edit. */
  private refuse(message: string): Error {
    void vscode.window.showErrorMessage(message);
    return vscode.FileSystemError.NoPermissions(message);
  }

  private async content(uri: vscode.Uri): Promise<{ data: Uint8Array; mtime: number }> {
    const known = this.contents.get(uri.toString());
    if (known) return known;
    const { entry, thread, step } = this.target(uri);
    let view;
    try {
      view = await entry.store.checkpoint(thread, step);
    } catch (error) {
      throw vscode.FileSystemError.FileNotFound(`${thread} step ${step}: ${(error as Error).message}`);
    }
    const read = { data: new TextEncoder().encode(`${JSON.stringify(view.state, null, 2)}\n`), mtime: view.at || Date.now() };
    this.contents.set(uri.toString(), read);
    return read;
  }

  private target(uri: vscode.Uri): { entry: FolderStore; thread: string; step: number } {
    const [, thread, file] = uri.path.split("/");
    const step = Number(/^step-(\d+)\.json$/.exec(file ?? "")?.[1]);
    const entry = this.services.stores.forFolder(new URLSearchParams(uri.query).get("folder") ?? "") ?? this.services.stores.all()[0];
    if (!entry || !thread || !Number.isInteger(step)) throw vscode.FileSystemError.FileNotFound(uri);
    return { entry, thread, step };
  }
}

/** Who edits: the OS user running the editor (the edit's step records it). */
function editor(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
}

/** Edit State at Checkpoint…: opens the state for editing; saving it creates the fork (see EditStateDocuments). */
export async function editStateAtCheckpoint(services: Services, arg?: unknown): Promise<vscode.TextEditor | undefined> {
  // Saving checks the edit by loading the graph file: it is workspace code.
  if (!(await requireTrust("edit a thread's state"))) return undefined;
  const target = await pickCheckpointTarget(services, arg, "Edit State at Checkpoint", (t) => `Edit the state of ${t} at which step?`);
  if (!target) return undefined;
  const document = await vscode.workspace.openTextDocument(EditStateDocuments.uri(target.entry, target.thread, target.step));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  void vscode.window.showInformationMessage(
    `Editing the state of ${target.thread} at step ${target.step}. Save to fork it with your edit as a new step; ${target.thread} itself is not changed.`,
  );
  return editor;
}

/** After a saved edit: the fork shows in the tree, its panel opens, and it can be run at once. */
export function announceEditFork(services: Services, fork: EditFork): void {
  services.tree.refresh();
  void vscode.commands.executeCommand("durableGraphs.openRunPanel", fork.thread);
  const run = "Run It";
  void vscode.window.showInformationMessage(`Forked ${fork.source} at step ${fork.step} into ${fork.thread}, with your edit as step ${fork.step + 1}.`, run).then((choice) => {
    if (choice === run) void vscode.commands.executeCommand("durableGraphs.resumeThread", fork.thread);
  });
}
