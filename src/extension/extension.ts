// First: it notes when the bundle started loading.
import { moduleStart } from "./activationClock";
import * as vscode from "vscode";
import { CHECKPOINT_SCHEME, CheckpointDocuments } from "./commands/showCheckpoint";
import { registerCommands } from "./commands/registerCommands";
import { GraphCodeLens } from "./graphCodeLens";
import { RUN_PANEL_VIEW_TYPE } from "./panel/runPanel";
import { RunPanels } from "./panel/runPanels";
import { offerResumeAfterReload } from "./reloadRecovery";
import { RunManager } from "./runs/runManager";
import { RunRecords } from "./runs/runRecords";
import type { Services } from "./services";
import { StoreWatcher } from "./tree/storeWatcher";
import { ThreadsTree } from "./tree/threadsTree";
import { WorkspaceStores } from "./workspaceStores";

/** What the extension exposes to other extensions and to its own tests. */
export interface DurableGraphsApi {
  services: Services;
  /** Threads the last reload interrupted (offered for resuming). */
  interruptedByReload: Promise<string[]>;
}

/** Wires the services once; everything disposable goes into the context's subscriptions. */
export function activate(context: vscode.ExtensionContext): DurableGraphsApi {
  const output = vscode.window.createOutputChannel("Durable Graphs");
  const stores = new WorkspaceStores();
  const records = new RunRecords(context.workspaceState);
  const runs = new RunManager(context.extensionPath, output, records);
  const tree = new ThreadsTree(stores);
  const services: Services = { extensionPath: context.extensionPath, stores, runs, tree, output };
  const watcher = new StoreWatcher(stores, () => tree.refresh());
  const view = vscode.window.createTreeView("durableGraphs.threads", { treeDataProvider: tree, showCollapseAll: true });
  const panels = new RunPanels(services);

  context.subscriptions.push(
    output,
    stores,
    runs,
    tree,
    watcher,
    view,
    panels,
    vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, panels),
    runs.onDidChange(() => watcher.poke()),
    // A run's end shows in the view at once, not after the watcher's debounce.
    runs.onDidFinish(() => tree.refresh()),
    vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, new CheckpointDocuments(stores)),
    vscode.languages.registerCodeLensProvider(
      [
        { scheme: "file", pattern: "**/*.graph.ts" },
        { scheme: "file", pattern: "**/*.graph.mts" },
        { scheme: "file", pattern: "**/*.graph.js" },
        { scheme: "file", pattern: "**/*.graph.mjs" },
      ],
      new GraphCodeLens(),
    ),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    ...registerCommands(services, panels),
  );
  const api = { services, interruptedByReload: offerResumeAfterReload(stores, records) };
  output.appendLine(`activated in ${(performance.now() - moduleStart).toFixed(1)} ms (from the extension's module start to the end of activate())`);
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; runners stop when their IPC channel closes.
}
