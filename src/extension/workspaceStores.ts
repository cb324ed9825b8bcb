import { isAbsolute, join, relative, resolve, sep } from "node:path";
import * as vscode from "vscode";
import { FileStore } from "../core/store/file/fileStore";
import { readSettings } from "./settings";

/** One workspace folder's store, read in this process (readers never take a lock). */
export interface FolderStore {
  folder: vscode.WorkspaceFolder;
  store: FileStore;
  storeDir: string;
}

/**
 * The stores of the open workspace folders. Built once by `activate`, rebuilt when folders or the
 * store setting change.
 */
export class WorkspaceStores implements vscode.Disposable {
  private stores: FolderStore[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.rebuild();
    this.subscriptions = [
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration("durableGraphs.storeDirectory") && this.rebuild()),
    ];
  }

  all(): readonly FolderStore[] {
    return this.stores;
  }

  /** The store of the folder that holds `uri` (the first folder when outside every folder). */
  forUri(uri: vscode.Uri): FolderStore | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return this.stores.find((s) => s.folder.uri.toString() === folder?.uri.toString()) ?? this.stores[0];
  }

  forFolder(folderUri: string): FolderStore | undefined {
    return this.stores.find((s) => s.folder.uri.toString() === folderUri);
  }

  /** How a graph file is recorded in threads: relative to the folder, with forward slashes. */
  graphLabel(entry: FolderStore, file: vscode.Uri): string {
    const rel = relative(entry.folder.uri.fsPath, file.fsPath);
    return rel.startsWith("..") || isAbsolute(rel) ? file.fsPath : rel.split(sep).join("/");
  }

  graphUri(entry: FolderStore, label: string): vscode.Uri {
    return vscode.Uri.file(isAbsolute(label) ? label : resolve(entry.folder.uri.fsPath, label));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private rebuild(): void {
    this.stores = (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === "file")
      .map((folder) => {
        const storeDir = join(folder.uri.fsPath, readSettings(folder).storeDirectory);
        return { folder, storeDir, store: new FileStore(storeDir) };
      });
    this.changed.fire();
  }
}
