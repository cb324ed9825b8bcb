import { existsSync } from "node:fs";
import * as vscode from "vscode";
import { fromPanel, toPanel, type CellSummary, type FromPanel, type GraphShape, type NodeCell, type ThreadHeader, type ToPanel } from "../../core/protocol/panelMessages";
import { graphDriftText } from "../graphDriftText";
import { FileStore } from "../../core/store/file/fileStore";
import type { Services } from "../services";
import type { FolderStore } from "../workspaceStores";
import { sendAnswer } from "../answers/sendAnswer";
import { requireTrust } from "../trust";
import { loadCellDetail } from "./cellDetails";
import { compareWithOrigin, diffCheckpoints } from "./comparisons";
import { graphShapeFor } from "./graphSource";
import { panelOptions, type PanelPage } from "./panelHtml";
import { insideFolder } from "./stackLines";
import { ThreadFeed } from "./threadFeed";

export { RUN_PANEL_VIEW_TYPE } from "../contributions";
/**
 * The most cells one update sends: a live update sends the newest ones, opening sends the first (or,
 * while the thread runs, the newest) ones; the webview asks for the rest by index as it scrolls.
 */
const WINDOW = 300;
/** A patch this long is sent as "stale from here" instead (the webview asks again for what it shows). */
const PATCH_MAX = 1000;
/** At most this often a live panel reads the journal and tells its webview (and at once at a run's end). */
const UPDATE_MS = 250;
/** Journal records read before a finished thread's first cells are shown (the rest is read right after). */
const FIRST_READ = 1500;
/** The pause between the parts of a long thread's first read. */
const READ_ON_MS = 15;
/** While another process runs the thread, a light poll backs up the file watcher. */
const POLL_MS = 1000;

/**
 * One thread's run panel: owns its webview, answers its messages (each parsed with the protocol
 * schema; anything else is dropped and logged), and keeps it live from this window's run events and
 * from the thread's files (runs of another window or the CLI).
 *
 * However fast the run, the webview gets at most a few updates a second: events only mark the panel
 * out of date, and an update (every UPDATE_MS at most, at once when the run ends) reads what is new in
 * the journal (its own reader keeps its place) and sends the newest cells; the webview holds only the
 * pages of cells it shows and asks for others by index.
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
  /** The recorded cells the webview was told of (cells after them were running cells or not sent). */
  private sentRecorded = 0;
  private sentTotal = 0;
  private sentRunning = "";
  private sentHeader = "";
  /** The running cells as of the last update (they follow the recorded ones in the list). */
  private running: NodeCell[] = [];
  private timer?: NodeJS.Timeout;
  private lastUpdate = 0;
  private refreshing?: Promise<void>;
  /** The first read of the thread, started while the webview loads (awaited before any other read). */
  private prefetch?: Promise<"gone" | "reset" | "ok" | Error>;
  private again = false;
  private wantWhole = false;
  private poll?: NodeJS.Timeout;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly entry: FolderStore,
    readonly thread: string,
    private readonly services: Services,
    page: PanelPage,
  ) {
    // A reader of its own: its place in the journal is not moved by other readers of the thread.
    this.feed = new ThreadFeed(new FileStore(entry.storeDir), thread);
    const extensionUri = vscode.Uri.file(services.extensionPath);
    panel.webview.options = panelOptions(extensionUri);
    panel.title = `Run: ${thread}`;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "durable-graphs.svg");
    panel.webview.html = page.html(panel.webview, `Run: ${thread}`);
    // Read the thread's first cells while the webview loads its script: they are ready when it is.
    this.prefetch = this.feed.refresh(FIRST_READ).catch((error: Error) => error);
    // The thread's folder itself too: a reset renames it away (`threads/<id>` goes, nothing inside changes).
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(entry.storeDir), `threads/${thread}{,/**}`));
    const poke = () => this.schedule();
    this.subscriptions.push(
      watcher,
      watcher.onDidChange(poke),
      watcher.onDidCreate(poke),
      watcher.onDidDelete(poke),
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      services.runs.onDidEvent((change) => {
        if (change.thread !== thread) return;
        this.feed.follow(change.event);
        this.schedule();
      }),
      services.runs.onDidFinish((finish) => finish.thread === thread && this.updateNow()),
      ...(services.drifts ? [services.drifts.onDidChange(() => this.schedule())] : []),
      // A backup for file events that do not come (a folder renamed away is not always reported): the
      // store's listing, kept by the Threads view's watcher and its poll, no longer has the thread.
      services.tree.onDidList((threads) => {
        if (!threads.some((t) => t.id === thread)) this.schedule();
      }),
    );
  }

  /** The header with what changed in the thread's graph since its last run (judged for the Threads view). */
  private withDrift(header: ThreadHeader): ThreadHeader {
    const drift = this.services.drifts?.of(this.entry, header);
    return drift ? { ...header, graphChanged: { message: graphDriftText(drift), refused: drift.resumes !== "yes" } } : header;
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

  /** An update within UPDATE_MS of the last one (events in between fold into it), or within `soon`. */
  private schedule(soon?: number): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => this.updateNow(), soon ?? Math.max(0, this.lastUpdate + UPDATE_MS - Date.now()));
  }

  private updateNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastUpdate = Date.now();
    void this.refresh();
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
    if (this.timer) clearTimeout(this.timer);
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
        return true;
      case "loadCells": {
        const total = this.feed.index.size + this.running.length;
        const start = Math.min(message.start, total);
        this.post({ type: "cells", total, staleFrom: total, start, cells: this.list(start, Math.min(total, start + message.count)), patch: [] });
        return true;
      }
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
      case "checkpointAction": {
        const command = message.action === "editState" ? "durableGraphs.editStateAtCheckpoint" : "durableGraphs.replayFromHere";
        void vscode.commands.executeCommand(command, { entry: this.entry, thread: this.thread, step: message.step });
        return true;
      }
      case "compare":
        await this.compare(message.what, message.from, message.to);
        return true;
      case "answer":
        return this.answer(message.id, message.value);
      case "openLocation": {
        const folder = this.entry.folder.uri.fsPath;
        if (!insideFolder(message.file, folder) || !existsSync(message.file)) return false;
        const position = new vscode.Position(message.line - 1, message.column - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(message.file), { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
        return true;
      }
    }
  }

  /** Compares this fork with its origin, or two checkpoints of this thread (asking which, unless the webview said). */
  private async compare(what: "origin" | "checkpoints", from?: number, to?: number): Promise<void> {
    try {
      if (what === "origin") {
        this.post({ type: "comparison", comparison: await compareWithOrigin(this.entry.store, this.thread) });
        return;
      }
      const steps = from !== undefined && to !== undefined ? { from, to } : await this.pickTwoSteps();
      if (!steps) return;
      this.post({ type: "comparison", comparison: await diffCheckpoints(this.entry.store, this.thread, steps.from, steps.to) });
    } catch (error) {
      this.post({ type: "comparison", error: `Cannot compare: ${(error as Error).message}` });
    }
  }

  private async pickTwoSteps(): Promise<{ from: number; to: number } | undefined> {
    const checkpoints = (await this.entry.store.checkpoints(this.thread)).reverse();
    const items = checkpoints.map((c) => ({ label: `step ${c.step}`, description: c.edit ? `edited by ${c.edit.by}` : c.nodes.join(", ") || "input", step: c.step }));
    const first = await vscode.window.showQuickPick(items, { title: "Diff Checkpoints (1/2)", placeHolder: `${this.thread}: the older step` });
    if (!first) return undefined;
    const second = await vscode.window.showQuickPick(
      items.filter((i) => i.step !== first.step),
      { title: "Diff Checkpoints (2/2)", placeHolder: `${this.thread}: compare step ${first.step} with which step?` },
    );
    if (!second) return undefined;
    return { from: Math.min(first.step, second.step), to: Math.max(first.step, second.step) };
  }

  /**
   * An answer from the question cell's form: refused (with the reason next to the form, nothing
   * written) in Restricted Mode, for a question already answered, or when it does not fit the schema;
   * else the thread resumes with it and the panel follows the run as any other.
   */
  private async answer(id: string, value: unknown): Promise<boolean> {
    const cell = this.feed.index.question(id);
    const refuse = (error: string, path?: string) => {
      this.post({ type: "answerResult", id, sent: false, error: error.slice(0, 10_000), ...(path !== undefined ? { path: path.slice(0, 1000) } : {}) });
      return false;
    };
    if (!cell) return refuse("This question is not in the thread's journal.");
    if (cell.answer) return refuse("This question is answered already.");
    if (!vscode.workspace.isTrusted) {
      void requireTrust("answer a question");
      return refuse("Restricted Mode: answering resumes the thread, which runs code from this workspace. Trust the workspace to answer.");
    }
    const question = { step: cell.step, node: cell.node, index: cell.index, ...(cell.schema ? { schema: cell.schema } : {}), at: cell.at };
    this.post({ type: "answerResult", id, sent: true });
    const outcome = await sendAnswer(this.services, { entry: this.entry, thread: this.thread, question }, value);
    if (!outcome.sent) return refuse(outcome.error, outcome.path);
    return true;
  }

  private act(action: "resume" | "cancel" | "reset" | "openGraph" | "refresh"): boolean {
    const commands = { resume: "durableGraphs.resumeThread", cancel: "durableGraphs.cancelRun", reset: "durableGraphs.resetThread" } as const;
    if (action === "refresh") {
      this.graph = undefined;
      void this.refresh(true);
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
    if (this.disposed) return;
    let outcome;
    try {
      const prefetched = this.prefetch && (await this.prefetch);
      this.prefetch = undefined;
      if (prefetched instanceof Error) throw prefetched;
      // A thread not read to its end yet is read on a part at a time, the host answering in between.
      outcome = prefetched ?? (await this.feed.refresh(whole || !this.feed.complete ? FIRST_READ : Infinity));
    } catch (error) {
      this.post({ type: "gone", message: `Cannot read thread ${this.thread}: ${(error as Error).message}` });
      return;
    }
    if (outcome === "gone") {
      this.post({ type: "gone", message: `Thread ${this.thread} no longer exists (it was reset or deleted).` });
      this.sentRunning = "";
      return;
    }
    const header = this.withDrift(this.feed.header(vscode.workspace.isTrusted, this.services.runs.isRunning(this.entry, this.thread))!);
    this.running = this.feed.runningCells();
    const index = this.feed.index;
    const total = index.size + this.running.length;
    const runningIds = this.running.map((c) => c.id).join("\n");
    if (whole || outcome === "reset") {
      this.post({ type: "init", folder: this.entry.folder.uri.toString(), thread: header });
      this.sentHeader = "";
      index.takeChanges();
      // A running thread opens on its newest cells, a finished one on its first.
      const start = header.status === "running" ? Math.max(0, total - WINDOW) : 0;
      this.post({ type: "cells", total, staleFrom: 0, start, cells: this.list(start, Math.min(total, start + WINDOW)), patch: [] });
      // The diagram, laid out once by the webview: sent after the first cells, whatever the run is doing.
      void this.sendGraph();
    } else {
      const from = Math.min(this.sentRecorded, index.size);
      let patch = index.takeChanges().filter((c) => c.i < from);
      let staleFrom = from;
      if (patch.length > PATCH_MAX) {
        staleFrom = patch[0]!.i;
        patch = [];
      }
      if (patch.length || total !== this.sentTotal || index.size !== this.sentRecorded || runningIds !== this.sentRunning || staleFrom < from) {
        const start = Math.max(staleFrom, total - WINDOW);
        this.post({ type: "cells", total, staleFrom, start, cells: this.list(start, total), patch });
      }
    }
    this.sentRecorded = index.size;
    this.sentTotal = total;
    this.sentRunning = runningIds;
    const marks = this.feed.marks();
    const said = JSON.stringify([header, marks]);
    if (said !== this.sentHeader) {
      this.sentHeader = said;
      this.post({ type: "thread", thread: header, marks });
    }
    this.pollWhile(header.status === "running" && !header.owner?.here);
    // A read that stopped early: read on in a moment (the list grows as the rest arrives; the host
    // and the webview get a turn in between).
    if (!this.feed.complete) this.schedule(READ_ON_MS);
  }

  /** The list's cells from `start` up to `end`: the recorded ones, then the running ones. */
  private list(start: number, end: number): CellSummary[] {
    const recorded = this.feed.index.size;
    const out = this.feed.index.slice(start, Math.min(end, recorded));
    for (let i = Math.max(start, recorded); i < end; i++) out.push(this.running[i - recorded]!);
    return out;
  }

  private async sendGraph(): Promise<void> {
    const info = this.feed.info ?? (await this.entry.store.getThread(this.thread));
    if (!info) return;
    this.graph ??= graphShapeFor(this.services.extensionPath, this.entry.folder.uri.fsPath, this.services.stores.graphUri(this.entry, info.graph).fsPath, this.entry.store, info);
    this.post({ type: "graph", graph: await this.graph });
  }

  private pollWhile(on: boolean): void {
    if (on && !this.poll) this.poll = setInterval(() => this.schedule(), POLL_MS);
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
