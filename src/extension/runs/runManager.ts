import * as vscode from "vscode";
import { refusedBeforeWriting } from "./refusals";
import type { ErrorPayload, RunEvent } from "../../core/protocol/runEvents";
import type { RunRequestMessage } from "../../core/protocol/runnerMessages";
import type { Question } from "../../core/store/checkpointStore";
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
  /** Resume with the answer to an open question (checked by the runner before anything is written). */
  answer?: RunRequestMessage["answer"];
}

export interface RunFinish {
  thread: string;
  status: "completed" | "failed" | "cancelled" | "waiting" | "crashed";
  step?: number;
  error?: ErrorPayload;
  /** True when the crash was asked for (fault injection). */
  rehearsed?: boolean;
  /** `waiting`: the questions the run stopped on. */
  questions?: Question[];
}

interface ActiveRun {
  runner: RunnerProcess;
  entry: FolderStore;
  thread: string;
  step: number;
  node?: string;
  /** The progress notification's reporter, and what it last showed. */
  report?: (message: string) => void;
  reported?: string;
}

/** At most this often the views hear of run events (a run can emit thousands a second). */
const FLUSH_MS = 250;
/** How long the status bar keeps a finished run's outcome. */
const FINISHED_SHOWN_MS = 8000;

/**
 * Starts runner processes and follows them: progress while they go, the output channel, a message when
 * they end, and a record of what this window is running so a reload can offer to resume it.
 *
 * A run's events are folded into its model (step, node, output lines) as they come; the status bar,
 * the progress notification, the output channel and `onDidChange` (the tree, the panels) hear of them
 * in batches, at most every FLUSH_MS, and at once when a run ends: nothing in the editor is asked to
 * draw every event, so nothing falls behind a fast run.
 */
export class RunManager implements vscode.Disposable {
  private readonly active = new Map<string, ActiveRun>();
  private readonly statusBar = vscode.window.createStatusBarItem("durableGraphs.run", vscode.StatusBarAlignment.Left, 50);
  private readonly changed = new vscode.EventEmitter<{ thread: string }>();
  /** Fires at most every FLUSH_MS for the threads whose runs moved, and at once when a run ends. */
  readonly onDidChange = this.changed.event;
  private readonly events = new vscode.EventEmitter<{ thread: string; event: RunEvent }>();
  /** Every run event as it arrives, for in-process models only (they must not draw anything). */
  readonly onDidEvent = this.events.event;
  private readonly dirty = new Set<string>();
  private pendingOutput: string[] = [];
  private flushTimer?: NodeJS.Timeout;
  private lastFlush = 0;
  private finishedTimer?: NodeJS.Timeout;
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

  /** The runs of this window now, with the step each is at (known at once, no store read). */
  running(): { entry: FolderStore; thread: string; step: number; node?: string }[] {
    return [...this.active.values()].map((r) => ({ entry: r.entry, thread: r.thread, step: r.step, ...(r.node ? { node: r.node } : {}) }));
  }

  /** Starts a run and resolves when it ends. */
  async start(start: RunStart): Promise<RunFinish> {
    const id = key(start.entry, start.thread);
    if (this.active.has(id)) throw new Error(`thread ${start.thread} is already running in this window`);
    const runner = new RunnerProcess(this.extensionPath, start.entry.folder.uri.fsPath);
    const run: ActiveRun = { runner, entry: start.entry, thread: start.thread, step: 0 };
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
        result = {
          thread: start.thread,
          status: message.status,
          step: message.step,
          ...(message.status === "failed" && failure ? { error: failure } : {}),
          ...(message.questions?.length ? { questions: message.questions } : {}),
        };
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
      ...(start.answer ? { answer: start.answer } : {}),
      ...(readSettings(start.entry.folder).fsync ? { durability: "fsync" as const } : {}),
    };
    runner.start(request);

    const progress = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Durable Graphs: ${start.thread}`, cancellable: true },
      async (report, token) => {
        const panelLink = `command:durableGraphs.openRunPanel?${encodeURIComponent(JSON.stringify([start.thread]))}`;
        token.onCancellationRequested(() => this.cancel(start.entry, start.thread));
        // The link is the notification's "Open Run Panel" action (a progress notification has no buttons).
        run.report = (message) => report.report({ message: `${message} · [Open Run Panel](${panelLink})` });
        try {
          await runner.exited;
        } finally {
          run.report = undefined;
        }
      },
    );

    const exit = await runner.exited;
    await progress;
    this.active.delete(id);
    runner.dispose();
    this.flush();
    const finish: RunFinish = result ?? {
      thread: start.thread,
      status: "crashed",
      ...(start.crashAt ? { rehearsed: true } : {}),
      step: run.step,
      error: { code: "RUNNER_EXITED", message: `the runner stopped (${exit.signal ?? `exit code ${exit.code}`})${runner.errorOutput ? `: ${runner.errorOutput}` : ""}` },
    };
    if (finish.status === "crashed") this.output.appendLine(`[${start.thread}] the runner process ended without finishing (${exit.signal ?? exit.code}): the thread is interrupted at its last checkpoint`);
    this.showFinished(finish);
    this.changed.fire({ thread: start.thread });
    this.finished.fire(finish);
    await this.records.remove(start.entry.folder.uri.toString(), start.thread);
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
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.finishedTimer) clearTimeout(this.finishedTimer);
    this.statusBar.dispose();
    this.changed.dispose();
    this.events.dispose();
    this.finished.dispose();
  }

  /** Folds one event into the run's model; the views hear of it at the next flush. */
  private follow(thread: string, run: ActiveRun, event: RunEvent): void {
    const line = outputLine(thread, event);
    if (line) this.pendingOutput.push(line);
    if (event.type === "node-started") {
      run.step = event.step;
      run.node = event.node;
    } else if (event.type === "checkpoint") run.step = event.step;
    else if (event.type === "run-started" && event.resumed) run.report?.(`resuming after step ${event.step}`);
    this.events.fire({ thread, event });
    this.dirty.add(thread);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), Math.max(0, this.lastFlush + FLUSH_MS - Date.now()));
  }

  /** Tells the views what moved since the last flush, in one go. */
  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlush = Date.now();
    if (this.pendingOutput.length) {
      // One append for the batch: the output channel is drawn by the window, like the rest.
      this.output.appendLine(this.pendingOutput.join("\n"));
      this.pendingOutput = [];
    }
    this.updateStatusBar();
    for (const run of this.active.values()) {
      const message = run.node ? `step ${run.step} · ${run.node}` : undefined;
      if (message && message !== run.reported && run.report) {
        run.reported = message;
        run.report(message);
      }
    }
    const threads = [...this.dirty];
    this.dirty.clear();
    for (const thread of threads) this.changed.fire({ thread });
  }

  private updateStatusBar(): void {
    const runs = [...this.active.values()];
    if (runs.length === 0) {
      if (!this.finishedTimer) this.statusBar.hide();
      return;
    }
    if (this.finishedTimer) clearTimeout(this.finishedTimer);
    this.finishedTimer = undefined;
    const first = runs[0]!;
    this.statusBar.text = `$(sync~spin) ${first.thread}${first.node ? `: step ${first.step} ${first.node}` : ""}${runs.length > 1 ? ` +${runs.length - 1}` : ""}`;
    this.statusBar.tooltip = `Durable Graphs: ${runs.length} run(s) going. Click for the output.`;
    this.statusBar.show();
  }

  /** The outcome of a run that ended, for a few seconds (unless another run of this window goes on). */
  private showFinished(finish: RunFinish): void {
    if (this.active.size > 0) return;
    const icon = { completed: "$(pass)", failed: "$(error)", cancelled: "$(circle-slash)", waiting: "$(comment-discussion)", crashed: "$(debug-disconnect)" }[finish.status];
    if (refusedBeforeWriting(finish)) {
      this.statusBar.text = `$(circle-slash) ${finish.thread}: not resumed`;
      this.statusBar.tooltip = `Durable Graphs: ${finish.thread} was not resumed (${finish.error!.message}); nothing was written. Click for the output.`;
    } else {
      this.statusBar.text = `${icon} ${finish.thread}: ${finish.status}${finish.step !== undefined ? ` at step ${finish.step}` : ""}`;
      this.statusBar.tooltip = `Durable Graphs: the run of ${finish.thread} ${finish.status === "crashed" ? "stopped without finishing" : finish.status}. Click for the output.`;
    }
    this.statusBar.show();
    if (this.finishedTimer) clearTimeout(this.finishedTimer);
    this.finishedTimer = setTimeout(() => {
      this.finishedTimer = undefined;
      if (this.active.size === 0) this.statusBar.hide();
    }, FINISHED_SHOWN_MS);
  }
}

function key(entry: FolderStore, thread: string): string {
  return `${entry.folder.uri.toString()}\n${thread}`;
}
