import { statSync } from "node:fs";
import * as vscode from "vscode";
import type { GraphDriftMessage } from "../../core/protocol/runnerMessages";
import type { ThreadInfo } from "../../core/store/checkpointStore";
import { describeGraph } from "../runs/runnerProcess";
import { GRAPH_GLOB } from "../settings";
import type { FolderStore, WorkspaceStores } from "../workspaceStores";

/** Threads that stopped short of the end: their graph file may be edited before they are resumed. */
const UNFINISHED: ReadonlySet<string> = new Set(["interrupted", "failed", "cancelled", "waiting"]);

interface Judged {
  /** The graph file's modification time and the threads judged (id, fingerprint, step, status). */
  signature: string;
  drifts: Record<string, GraphDriftMessage>;
}

/**
 * Which unfinished threads' graph files changed since their last run, and whether they can resume.
 * The extension host never loads workspace code: a runner process loads each graph file and judges
 * its threads ("describe"), once per graph file, again only when the file or those threads change,
 * one graph at a time, and never in Restricted Mode. The tree and the run panel read the answers.
 */
export class GraphDrifts implements vscode.Disposable {
  private readonly judged = new Map<string, Judged>();
  private readonly pending = new Set<string>();
  /** Graph files with unfinished threads: an edit to one is judged at once. */
  private readonly files = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A judgement changed, or a judged graph file was edited (list again to judge it). */
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(
    private readonly extensionPath: string,
    private readonly stores: WorkspaceStores,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(GRAPH_GLOB, true, false, true);
    this.watcher.onDidChange((uri) => {
      if (this.files.has(uri.fsPath)) this.changed.fire();
    });
  }

  /** What changed in the thread's graph since its last run, if it did (as last judged). */
  of(entry: FolderStore, info: Pick<ThreadInfo, "id" | "graph" | "status">): GraphDriftMessage | undefined {
    if (!UNFINISHED.has(info.status)) return undefined;
    return this.judged.get(keyOf(entry, info.graph))?.drifts[info.id];
  }

  /** After a listing: judges the graphs whose file or unfinished threads changed since they were last judged. */
  check(threads: readonly { entry: FolderStore; info: ThreadInfo }[]): void {
    if (!vscode.workspace.isTrusted) return;
    const groups = new Map<string, { entry: FolderStore; graph: string; infos: ThreadInfo[] }>();
    for (const { entry, info } of threads) {
      if (!info.graphId || !UNFINISHED.has(info.status)) continue;
      const key = keyOf(entry, info.graph);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { entry, graph: info.graph, infos: [] }));
      group.infos.push(info);
    }
    this.files.clear();
    for (const [key, group] of groups) {
      const file = this.stores.graphUri(group.entry, group.graph).fsPath;
      let mtime: number;
      try {
        mtime = statSync(file).mtimeMs;
      } catch {
        continue; // a missing graph file is said so by its row
      }
      this.files.add(file);
      const signature = [mtime, ...group.infos.map((t) => `${t.id}:${t.graphId}:${t.step}:${t.status}`).sort()].join("\n");
      if (this.judged.get(key)?.signature === signature || this.pending.has(key)) continue;
      this.pending.add(key);
      this.queue = this.queue.then(() => this.judge(key, signature, file, group.entry, group.infos));
    }
  }

  private async judge(key: string, signature: string, file: string, entry: FolderStore, infos: ThreadInfo[]): Promise<void> {
    let drifts: Record<string, GraphDriftMessage> = {};
    try {
      const folder = entry.folder.uri.fsPath;
      const described = await describeGraph(this.extensionPath, folder, file, { storeDir: entry.storeDir, workspace: folder, ids: infos.map((t) => t.id) });
      drifts = described.drifts ?? {};
    } catch {
      // A graph that does not load says so when it is run or its panel is opened.
    } finally {
      this.pending.delete(key);
    }
    const before = JSON.stringify(this.judged.get(key)?.drifts ?? {});
    this.judged.set(key, { signature, drifts });
    if (JSON.stringify(drifts) !== before) this.changed.fire();
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function keyOf(entry: FolderStore, graph: string): string {
  return `${entry.storeDir}\n${graph}`;
}
