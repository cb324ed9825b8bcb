import * as vscode from "vscode";
import { CheckpointDocuments } from "./commands/showCheckpoint";
import { announceEditFork, EditStateDocuments } from "./commands/editState";
import { EDIT_SCHEME } from "./contributions";
import { commandHandlers } from "./commands/commandHandlers";
import type { CommandId } from "./contributions";
import { RunPanels } from "./panel/runPanels";
import { offerResumeAfterReload } from "./reloadRecovery";
import { resumableBadge } from "./tree/resumableBadge";
import { RunManager } from "./runs/runManager";
import { RunRecords } from "./runs/runRecords";
import type { Services } from "./services";
import { GraphDrifts } from "./tree/graphDrifts";
import { StoreWatcher } from "./tree/storeWatcher";
import { ThreadsTree } from "./tree/threadsTree";
import { WorkspaceStores } from "./workspaceStores";

/** What the extension exposes to other extensions and to its own tests. */
export interface DurableGraphsApi {
  services: Services;
  /** Threads the last reload interrupted (offered for resuming). */
  interruptedByReload: Promise<string[]>;
}

/** The extension once wired: what activate()'s registrations hand their work to. */
export interface Wiring {
  api: DurableGraphsApi;
  commands: Record<CommandId, (...args: any[]) => unknown>;
  panels: RunPanels;
  checkpoints: CheckpointDocuments;
  edits: EditStateDocuments;
}

/**
 * Builds the services once and wires them; everything disposable goes into the context's
 * subscriptions. Loaded by activate() right after it returns (or sooner, at the first command, view or
 * panel that needs it): this is where the store, the protocols and their schemas are loaded.
 */
export function wire(context: vscode.ExtensionContext, output: vscode.OutputChannel): Wiring {
  const stores = new WorkspaceStores();
  const records = new RunRecords(context.workspaceState);
  const runs = new RunManager(context.extensionPath, output, records);
  const drifts = new GraphDrifts(context.extensionPath, stores);
  const tree = new ThreadsTree(stores, drifts);
  const services: Services = { extensionPath: context.extensionPath, stores, runs, tree, output, drifts };
  const view = vscode.window.createTreeView("durableGraphs.threads", { treeDataProvider: tree, showCollapseAll: true });
  // A hidden view lists nothing by itself: its badge (threads to resume) is kept by listing anyway.
  const listIfHidden = () => void (view.visible ? undefined : tree.listGraphs().catch(() => undefined));
  const watcher = new StoreWatcher(stores, () => {
    tree.refresh();
    listIfHidden();
  });
  const panels = new RunPanels(services);
  const edits = new EditStateDocuments(services);
  context.subscriptions.push(
    edits,
    vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, edits, { isCaseSensitive: true }),
    edits.onDidFork((fork) => announceEditFork(services, fork)),
    stores,
    runs,
    tree,
    watcher,
    view,
    panels,
    runs.onDidChange(() => watcher.poke()),
    // A run's end shows in the view at once, not after the watcher's debounce.
    runs.onDidFinish(() => tree.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    tree.onDidList((threads) => (view.badge = resumableBadge(threads))),
    // Unfinished threads whose graph file was edited since their last run say so (judged by a runner).
    drifts,
    tree.onDidList(() => drifts.check(tree.threads())),
    drifts.onDidChange(() => tree.refresh()),
  );
  // The first listing for a hidden view waits until the window has settled: it reads every summary.
  const firstListing = setTimeout(listIfHidden, 1000);
  context.subscriptions.push({ dispose: () => clearTimeout(firstListing) });
  return {
    api: { services, interruptedByReload: offerResumeAfterReload(stores, records) },
    commands: commandHandlers(services, panels),
    panels,
    checkpoints: new CheckpointDocuments(stores),
    edits,
  };
}
