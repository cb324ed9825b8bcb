import * as vscode from "vscode";
import type { ThreadInfo } from "../../core/store/checkpointStore";
import { GRAPH_GLOB } from "../settings";
import type { FolderStore, WorkspaceStores } from "../workspaceStores";
import type { GraphDrifts } from "./graphDrifts";
import { checkpointItem, graphItem, threadItem } from "./treeItems";
import type { CheckpointNode, GraphNode, TreeNode } from "./treeNodes";

/** Checkpoints shown under a thread (newest); older ones are left to the run panel and `show`. */
const MAX_CHECKPOINTS = 200;

/**
 * The Threads view, built from the stores on disk: the same after a reload, and live while any process
 * (this window, another window, the CLI) writes. Listing reads thread summaries only; expanding a
 * thread reads its journal.
 */
export class ThreadsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listed = new vscode.EventEmitter<ThreadInfo[]>();
  /** Every listing of the threads (the view's badge follows it). */
  readonly onDidList = this.listed.event;
  private graphs: GraphNode[] = [];

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly drifts?: GraphDrifts,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The graph rows as of the last listing (for pickers and tests). */
  threads(): { entry: FolderStore; info: ThreadInfo }[] {
    return this.graphs.flatMap((g) => g.threads.map((info) => ({ entry: g.entry, info })));
  }

  async listGraphs(): Promise<GraphNode[]> {
    const all: GraphNode[] = [];
    for (const entry of this.stores.all()) {
      const [files, threads] = await Promise.all([
        vscode.workspace.findFiles(new vscode.RelativePattern(entry.folder, GRAPH_GLOB), "**/node_modules/**", 5000),
        entry.store.listThreads(),
      ]);
      const byGraph = new Map<string, GraphNode>();
      for (const file of files) {
        const label = this.stores.graphLabel(entry, file);
        byGraph.set(label, { kind: "graph", entry, label, exists: true, threads: [] });
      }
      for (const info of threads) {
        let graph = byGraph.get(info.graph);
        if (!graph) byGraph.set(info.graph, (graph = { kind: "graph", entry, label: info.graph || "(unknown graph)", exists: false, threads: [] }));
        graph.threads.push(info);
      }
      all.push(...[...byGraph.values()].sort((a, b) => a.label.localeCompare(b.label)));
    }
    this.graphs = all;
    this.listed.fire(all.flatMap((g) => g.threads));
    return all;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case "graph":
        return graphItem(node, this.stores.all().length > 1);
      case "thread":
        return threadItem(node, Date.now(), this.drifts?.of(node.entry, node.info));
      case "checkpoint":
        return checkpointItem(node);
      case "more": {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon("ellipsis");
        return item;
      }
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.listGraphs();
    if (node.kind === "graph") return node.threads.map((info) => ({ kind: "thread", entry: node.entry, info }));
    if (node.kind === "thread") return this.checkpointsOf(node.entry, node.info.id);
    return [];
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
    this.listed.dispose();
  }

  private async checkpointsOf(entry: FolderStore, thread: string): Promise<TreeNode[]> {
    let records;
    try {
      records = await entry.store.checkpoints(thread);
    } catch (error) {
      return [{ kind: "more", text: `cannot read the journal: ${(error as Error).message}` }];
    }
    const shown = records.slice(-MAX_CHECKPOINTS).reverse();
    const nodes: TreeNode[] = shown.map(
      (r): CheckpointNode => ({ kind: "checkpoint", entry, thread, step: r.step, nodes: r.nodes, next: r.next, changed: r.changes.map((c) => c.key), at: r.at, ...(r.edit ? { edit: r.edit } : {}) }),
    );
    if (records.length > shown.length) nodes.push({ kind: "more", text: `${records.length - shown.length} earlier checkpoints` });
    return nodes;
  }
}
