import { existsSync } from "node:fs";
import * as vscode from "vscode";
import { fromPanel, toPanel, type FromPanel, type GraphShape, type ToPanel } from "../../core/protocol/panelMessages";
import type { Services } from "../services";
import type { FolderStore } from "../workspaceStores";
import { loadCellDetail } from "./cellDetails";
import { graphShapeFor } from "./graphSource";
import { panelHtml, panelOptions } from "./panelHtml";
import { insideFolder } from "./stackLines";
import { ThreadFeed } from "./threadFeed";

export const RUN_PANEL_VIEW_TYPE = "durableGraphs.runPanel";
/** Cells per `cells` message when (re)sending a whole thread. */
const CHUNK = 2000;
/** While another process runs the thread, a light poll backs up the file watcher. */
const POLL_MS = 1000;

/**
 * One thread's run panel: owns its webview, answers its messages (each parsed with the protocol
 * schema; anything else is dropped and logged), and keeps it live from this window's run events and
 * from the thread's files (runs of another window or the CLI).
 */
export class RunPanel implements vscode.Disposable {
  private readonly feed: ThreadFeed;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<ToPanel>();
  /** Every message sent to the webview (the extension tests watch the protocol through it). */
  readonly onDidPost = this.posted.event;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.closed.event;
  private graph?: Promise<GraphShape>;
  private sentRunning = new Set<string>();
  private refreshing?: Promise<void>;
  private again = false;
  private wantWhole = false;
  private poll?: NodeJS.Timeout;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly entry: FolderStore,
    readonly thread: string,
    private readonly services: Services,
  ) {
    this.feed = new ThreadFeed(entry.store, thread);
    const extensionUri = vscode.Uri.file(services.extensionPath);
    panel.webview.options = panelOptions(extensionUri);
    panel.title = `Run: ${thread}`;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "durable-graphs.svg");
    panel.webview.html = panelHtml(panel.webview, extensionUri, `Run: ${thread}`);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(entry.storeDir), `threads/${thread}/**`));
    const poke = () => void this.refresh();
    this.subscriptions.push(
      watcher,
      watcher.onDidChange(poke),
      watcher.onDidCreate(poke),
      watcher.onDidDelete(poke),
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      services.runs.onDidChange((change) => {
        if (change.thread !== thread) return;
        if (change.event) this.feed.follow(change.event);
        void this.refresh();
      }),
    );
  }

  /** Handles one message from the webview; false when it was not a valid protocol message. */
  async receive(raw: unknown): Promise<boolean> {
    const parsed = fromPanel.safeParse(raw);
    if (!parsed.success) {
      this.services.output.appendLine(`[${this.thread}] run panel: ignored an invalid message (${parsed.error.issues[0]?.message ?? "bad shape"})`);
      return false;
    }
    try {
      return await this.handle(parsed.data);
    } catch (error) {
      this.services.output.appendLine(`[${this.thread}] run panel: ${(error as Error).message}`);
      return false;
    }
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Reads what is new in the thread and sends it; calls while one is going fold into one more. */
  refresh(whole = false): Promise<void> {
    this.wantWhole ||= whole;
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        const whole = this.wantWhole;
        this.wantWhole = false;
        await this.update(whole);
      } while (this.again && !this.disposed);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.poll) clearInterval(this.poll);
    for (const s of this.subscriptions) s.dispose();
    this.closed.fire();
    this.closed.dispose();
    this.posted.dispose();
    this.panel.dispose();
  }

  private async handle(message: FromPanel): Promise<boolean> {
    switch (message.type) {
      case "ready":
        await this.refresh(true);
        void this.sendGraph();
        return true;
      case "loadDetail": {
        const where = this.feed.index.locate(message.id);
        if (!where) {
          this.post({ type: "detail", id: message.id, error: "This cell has no recorded details yet." });
          return true;
        }
        try {
          const detail = await loadCellDetail(this.entry.store, this.thread, where, this.entry.folder.uri.fsPath);
          this.post({ type: "detail", id: message.id, detail });
        } catch (error) {
          this.post({ type: "detail", id: message.id, error: `Cannot read this cell: ${(error as Error).message}` });
        }
        return true;
      }
      case "action":
        return this.act(message.action);
      case "fork": {
        const checkpoint = (await this.entry.store.checkpoints(this.thread)).find((c) => c.step === message.step);
        if (!checkpoint) return false;
        // The tree's checkpoint row, so Fork from Checkpoint runs exactly as from the Threads view.
        const node = { kind: "checkpoint", entry: this.entry, thread: this.thread, step: checkpoint.step, nodes: checkpoint.nodes, next: checkpoint.next, changed: checkpoint.changes.map((c) => c.key), at: checkpoint.at };
        void vscode.commands.executeCommand("durableGraphs.forkFromCheckpoint", node);
        return true;
      }
      case "openLocation": {
        const folder = this.entry.folder.uri.fsPath;
        if (!insideFolder(message.file, folder) || !existsSync(message.file)) return false;
        const position = new vscode.Position(message.line - 1, message.column - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(message.file), { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
        return true;
      }
    }
  }

  private act(action: "resume" | "cancel" | "reset" | "openGraph" | "refresh"): boolean {
    const commands = { resume: "durableGraphs.resumeThread", cancel: "durableGraphs.cancelRun", reset: "durableGraphs.resetThread" } as const;
    if (action === "refresh") {
      this.graph = undefined;
      void this.refresh(true).then(() => this.sendGraph());
    } else if (action === "openGraph") {
      const info = this.feed.info;
      if (!info) return false;
      void vscode.window.showTextDocument(this.services.stores.graphUri(this.entry, info.graph), { viewColumn: vscode.ViewColumn.One });
    } else {
      // Not awaited: Resume resolves when the run ends; the panel follows it meanwhile.
      void vscode.commands.executeCommand(commands[action], this.thread);
    }
    return true;
  }

  /** Sends what changed, or with `whole` the thread from the start (a fresh or reloaded webview). */
  private async update(whole: boolean): Promise<void> {
    let outcome;
    try {
      outcome = await this.feed.refresh();
    } catch (error) {
      this.post({ type: "gone", message: `Cannot read thread ${this.thread}: ${(error as Error).message}` });
      return;
    }
    if (outcome === "gone") {
      this.post({ type: "gone", message: `Thread ${this.thread} no longer exists (it was reset or deleted).` });
      this.sentRunning.clear();
      return;
    }
    const header = this.feed.header(vscode.workspace.isTrusted, this.services.runs.isRunning(this.entry, this.thread))!;
    const running = this.feed.runningCells();
    if (whole || outcome === "reset") {
      this.post({ type: "init", folder: this.entry.folder.uri.toString(), thread: header });
      this.feed.index.takeChanges();
      const all = [...this.feed.index.all(), ...running];
      for (let i = 0; i === 0 || i < all.length; i += CHUNK) {
        this.post({ type: "cells", upsert: all.slice(i, i + CHUNK), remove: [], done: i + CHUNK >= all.length });
      }
    } else {
      const changes = this.feed.index.takeChanges();
      const stale = [...this.sentRunning].filter((id) => !running.some((c) => c.id === id));
      const fresh = running.filter((c) => !this.sentRunning.has(c.id));
      // Running cells go last, so a running cell replaced by its record is dropped before the record arrives.
      if (changes.length || stale.length || fresh.length) this.post({ type: "cells", upsert: [...changes, ...fresh], remove: stale, done: true });
    }
    this.sentRunning = new Set(running.map((c) => c.id));
    this.post({ type: "thread", thread: header, marks: this.feed.marks() });
    this.pollWhile(header.status === "running" && !header.owner?.here);
  }

  private async sendGraph(): Promise<void> {
    const info = this.feed.info;
    if (!info) return;
    this.graph ??= graphShapeFor(this.services.extensionPath, this.entry.folder.uri.fsPath, this.services.stores.graphUri(this.entry, info.graph).fsPath, this.entry.store, info);
    this.post({ type: "graph", graph: await this.graph });
  }

  private pollWhile(on: boolean): void {
    if (on && !this.poll) this.poll = setInterval(() => void this.refresh(), POLL_MS);
    if (!on && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  private post(message: ToPanel): void {
    if (this.disposed) return;
    const checked = toPanel.safeParse(message);
    if (!checked.success) {
      this.services.output.appendLine(`[${this.thread}] run panel: not sent, it does not fit the protocol: ${checked.error.issues[0]?.message}`);
      return;
    }
    void this.panel.webview.postMessage(checked.data);
    this.posted.fire(checked.data);
  }
}
