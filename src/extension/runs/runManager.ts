import * as vscode from "vscode";
import type { ErrorPayload, RunEvent } from "../../core/protocol/runEvents";
import type { RunRequestMessage } from "../../core/protocol/runnerMessages";
import type { FolderStore } from "../workspaceStores";
import { readSettings } from "../settings";
import { outputLine } from "./runOutput";
import { RunnerProcess } from "./runnerProcess";
import type { RunRecords } from "./runRecords";

export interface RunStart {
  entry: FolderStore;
  thread: string;
  mode: "run" | "resume";
  /** Graph file path relative to the folder (run only). */
  file?: string;
  input?: unknown;
  fresh?: boolean;
  /** e.g. `after-commit:step_1`: the runner SIGKILLs itself there (Run and Crash After Node…). */
  crashAt?: string;
}

export interface RunFinish {
  thread: string;
  status: "completed" | "failed" | "cancelled" | "crashed";
  step?: number;
  error?: ErrorPayload;
  /** True when the crash was asked for (fault injection). */
  rehearsed?: boolean;
}

interface ActiveRun {
  runner: RunnerProcess;
  entry: FolderStore;
  step: number;
  node?: string;
}

/**
 * Starts runner processes and follows them: progress while they go, the output channel, a message when
 * they end, and a record of what this window is running so a reload can offer to resume it.
 */
export class RunManager implements vscode.Disposable {
  private readonly active = new Map<string, ActiveRun>();
  private readonly statusBar = vscode.window.createStatusBarItem("durableGraphs.run", vscode.StatusBarAlignment.Left, 50);
  private readonly changed = new vscode.EventEmitter<{ thread: string; event?: RunEvent }>();
  /** Fires on every run event and when a run ends (the tree refreshes from it). */
  readonly onDidChange = this.changed.event;
  private readonly finished = new vscode.EventEmitter<RunFinish>();
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.OutputChannel,
    private readonly records: RunRecords,
  ) {
    this.statusBar.name = "Durable Graphs run";
    this.statusBar.command = "durableGraphs.showOutput";
  }

  isRunning(entry: FolderStore, thread: string): boolean {
    return this.active.has(key(entry, thread));
  }

  /** Starts a run and resolves when it ends. */
  async start(start: RunStart): Promise<RunFinish> {
    const id = key(start.entry, start.thread);
    if (this.active.has(id)) throw new Error(`thread ${start.thread} is already running in this window`);
    const runner = new RunnerProcess(this.extensionPath, start.entry.folder.uri.fsPath);
    const run: ActiveRun = { runner, entry: start.entry, step: 0 };
    this.active.set(id, run);
    await this.records.add({ folder: start.entry.folder.uri.toString(), thread: start.thread, pid: runner.pid ?? 0 });
    this.updateStatusBar();

    let result: RunFinish | undefined;
    let failure: ErrorPayload | undefined;
    runner.onMessage((message) => {
      if (message.type === "event") {
        if (message.event.type === "failed") failure = message.event.error;
        this.follow(start.thread, run, message.event);
      } else if (message.type === "result") {
        result = { thread: start.thread, status: message.status, step: message.step, ...(message.status === "failed" && failure ? { error: failure } : {}) };
      } else if (message.type === "error") {
        result = { thread: start.thread, status: "failed", error: message.error };
        this.output.appendLine(`[${start.thread}] ${message.error.message}`);
      }
    });
    const request: RunRequestMessage = {
      storeDir: start.entry.storeDir,
      workspace: start.entry.folder.uri.fsPath,
      thread: start.thread,
      mode: start.mode,
      ...(start.file ? { file: start.file } : {}),
      ...(start.input === undefined ? {} : { input: start.input }),
      ...(start.fresh ? { fresh: true } : {}),
      ...(start.crashAt ? { crashAt: start.crashAt } : {}),
      ...(readSettings(start.entry.folder).fsync ? { durability: "fsync" as const } : {}),
    };
    runner.start(request);

    const progress = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Durable Graphs: ${start.thread}`, cancellable: true },
      async (report, token) => {
        const panelLink = `command:durableGraphs.openRunPanel?${encodeURIComponent(JSON.stringify([start.thread]))}`;
        token.onCancellationRequested(() => this.cancel(start.entry, start.thread));
        const listener = this.changed.event((change) => {
          if (change.thread !== start.thread || !change.event) return;
          const e = change.event;
          // The link is the notification's "Open Run Panel" action (a progress notification has no buttons).
          if (e.type === "node-started") report.report({ message: `step ${e.step} · ${e.node} · [Open Run Panel](${panelLink})` });
          else if (e.type === "run-started" && e.resumed) report.report({ message: `resuming after step ${e.step}` });
        });
        try {
          await runner.exited;
        } finally {
          listener.dispose();
        }
      },
    );

    const exit = await runner.exited;
    await progress;
    this.active.delete(id);
    runner.dispose();
    await this.records.remove(start.entry.folder.uri.toString(), start.thread);
    this.updateStatusBar();
    const finish: RunFinish = result ?? {
      thread: start.thread,
      status: "crashed",
      ...(start.crashAt ? { rehearsed: true } : {}),
      step: run.step,
      error: { code: "RUNNER_EXITED", message: `the runner stopped (${exit.signal ?? `exit code ${exit.code}`})${runner.errorOutput ? `: ${runner.errorOutput}` : ""}` },
    };
    if (finish.status === "crashed") this.output.appendLine(`[${start.thread}] the runner process ended without finishing (${exit.signal ?? exit.code}): the thread is interrupted at its last checkpoint`);
    this.changed.fire({ thread: start.thread });
    this.finished.fire(finish);
    return finish;
  }

  /** Asks a run of this window to stop after recording its cancellation; kills it if it does not. */
  cancel(entry: FolderStore, thread: string): boolean {
    const run = this.active.get(key(entry, thread));
    if (!run) return false;
    run.runner.cancel();
    const timer = setTimeout(() => run.runner.kill(), 5000);
    void run.runner.exited.then(() => clearTimeout(timer));
    return true;
  }

  dispose(): void {
    // The runners see the IPC channel close and stop themselves (the thread stays interrupted).
    for (const run of this.active.values()) run.runner.dispose();
    this.statusBar.dispose();
    this.changed.dispose();
    this.finished.dispose();
  }

  private follow(thread: string, run: ActiveRun, event: RunEvent): void {
    const line = outputLine(thread, event);
    if (line) this.output.appendLine(line);
    if (event.type === "node-started") {
      run.step = event.step;
      run.node = event.node;
      this.updateStatusBar();
    } else if (event.type === "checkpoint") run.step = event.step;
    this.changed.fire({ thread, event });
  }

  private updateStatusBar(): void {
    const runs = [...this.active.entries()];
    if (runs.length === 0) {
      this.statusBar.hide();
      return;
    }
    const [id, first] = runs[0]!;
    const thread = id.slice(id.indexOf("\n") + 1);
    this.statusBar.text = `$(sync~spin) ${thread}${first.node ? `: step ${first.step} ${first.node}` : ""}${runs.length > 1 ? ` +${runs.length - 1}` : ""}`;
    this.statusBar.tooltip = `Durable Graphs: ${runs.length} run(s) going. Click for the output.`;
    this.statusBar.show();
  }
}

function key(entry: FolderStore, thread: string): string {
  return `${entry.folder.uri.toString()}\n${thread}`;
}
