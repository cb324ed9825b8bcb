import * as vscode from "vscode";
import type { WorkspaceStores } from "../workspaceStores";
import { storeSignature } from "./storeSignature";

/**
 * Calls `onChange` (debounced) when any store's files or the graph files change: runs of this window,
 * of another window and of the CLI all show up.
 *
 * File watchers can miss events (a store folder created after its watch began, the system's watch
 * limits reached by other programs, network drives), and a thread the CLI made would then never show.
 * A light poll of each store's thread folders (storeSignature) backs them up.
 */
export class StoreWatcher implements vscode.Disposable {
  private watchers: vscode.FileSystemWatcher[] = [];
  private timer?: NodeJS.Timeout;
  private readonly poll: NodeJS.Timeout;
  private signature: string;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly onChange: () => void,
    private readonly delayMs = 250,
    pollMs = 2000,
  ) {
    this.watch();
    this.signature = this.currentSignature();
    this.poll = setInterval(() => this.check(), pollMs);
    this.subscription = stores.onDidChange(() => {
      this.watch();
      this.poke();
    });
  }

  /** Schedules one refresh `delayMs` from the first change (changes in between are folded in). */
  poke(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.delayMs);
  }

  dispose(): void {
    clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
    this.subscription.dispose();
  }

  private check(): void {
    const now = this.currentSignature();
    if (now === this.signature) return;
    this.signature = now;
    this.poke();
  }

  private currentSignature(): string {
    return this.stores.all().map((entry) => storeSignature(entry.storeDir)).join("\n");
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = this.stores.all().map((entry) => {
      const pattern = new vscode.RelativePattern(vscode.Uri.file(entry.storeDir), "threads/**");
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidChange(() => this.poke());
      watcher.onDidCreate(() => this.poke());
      watcher.onDidDelete(() => this.poke());
      return watcher;
    });
    const graphs = vscode.workspace.createFileSystemWatcher("**/*.graph.{ts,mts,js,mjs}", false, true, false);
    graphs.onDidCreate(() => this.poke());
    graphs.onDidDelete(() => this.poke());
    this.watchers.push(graphs);
  }
}
