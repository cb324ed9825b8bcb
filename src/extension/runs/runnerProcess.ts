import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import * as vscode from "vscode";
import { fromRunner, type ForkRequestMessage, type FromRunner, type RunRequestMessage, type ToRunner } from "../../core/protocol/runnerMessages";

/**
 * One runner child process: forked on the editor's own Node with an IPC channel, in its own process
 * group (so a hard stop takes anything its nodes started with it). Every message from it is parsed
 * with the protocol schema; when it exits, `exited` says how.
 */
export class RunnerProcess implements vscode.Disposable {
  private readonly child: ChildProcess;
  private readonly messages = new vscode.EventEmitter<FromRunner>();
  readonly onMessage = this.messages.event;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = "";

  constructor(extensionPath: string, cwd: string) {
    this.child = fork(join(extensionPath, "dist", "runner.js"), [], {
      cwd,
      detached: true,
      execArgv: [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      // In a desktop editor, process.execPath is Electron: run it as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    });
    this.child.stdout?.setEncoding("utf8").on("data", () => undefined);
    this.child.stderr?.setEncoding("utf8").on("data", (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.child.on("message", (raw) => {
      const parsed = fromRunner.safeParse(raw);
      if (!parsed.success) this.stderr += `\nunreadable message from the runner: ${parsed.error.message}`;
      else if (parsed.data.type === "events") for (const event of parsed.data.events) this.messages.fire({ type: "event", event });
      else this.messages.fire(parsed.data);
    });
    this.exited = new Promise((resolve) => {
      this.child.on("error", () => resolve({ code: null, signal: null }));
      this.child.on("exit", (code, signal) => resolve({ code, signal }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines the runner wrote to stderr (for a crash report). */
  get errorOutput(): string {
    return this.stderr.trim();
  }

  start(request: RunRequestMessage): void {
    this.send({ type: "start", request });
  }

  describe(file: string, threads?: Extract<ToRunner, { type: "describe" }>["threads"]): void {
    this.send({ type: "describe", file, ...(threads ? { threads } : {}) });
  }

  fork(request: ForkRequestMessage): void {
    this.send({ type: "fork", request });
  }

  cancel(): void {
    this.send({ type: "cancel" });
  }

  /** Stops the runner and everything it started, at once. */
  kill(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.pid) return;
    try {
      process.kill(-this.child.pid, "SIGKILL");
    } catch {
      this.child.kill("SIGKILL");
    }
  }

  dispose(): void {
    this.messages.dispose();
  }

  private send(message: ToRunner): void {
    if (this.child.connected) this.child.send(message);
  }
}

/** Loads a graph file in a runner process and returns its shape (nodes, edges) or throws its error. */
export async function describeGraph(
  extensionPath: string,
  cwd: string,
  file: string,
  threads?: Extract<ToRunner, { type: "describe" }>["threads"],
): Promise<Extract<FromRunner, { type: "graph" }>> {
  const runner = new RunnerProcess(extensionPath, cwd);
  try {
    const answer = new Promise<FromRunner>((resolve) => runner.onMessage((m) => (m.type === "graph" || m.type === "error") && resolve(m)));
    runner.describe(file, threads);
    const message = await Promise.race([answer, runner.exited.then(() => undefined)]);
    if (message?.type === "graph") return message;
    if (message?.type === "error") throw Object.assign(new Error(message.error.message), { payload: message.error });
    throw new Error(`the runner exited before describing the graph${runner.errorOutput ? `: ${runner.errorOutput}` : ""}`);
  } finally {
    runner.kill();
    runner.dispose();
  }
}

/**
 * Forks a thread in a runner process, which loads the graph file to check a person's edit against its
 * state schema (workspace code never runs in the extension host). Throws the runner's error, its
 * payload (code, path) attached.
 */
export async function forkInRunner(extensionPath: string, cwd: string, request: ForkRequestMessage): Promise<Extract<FromRunner, { type: "forked" }>> {
  const runner = new RunnerProcess(extensionPath, cwd);
  try {
    const answer = new Promise<FromRunner>((resolve) => runner.onMessage((m) => (m.type === "forked" || m.type === "error") && resolve(m)));
    runner.fork(request);
    const message = await Promise.race([answer, runner.exited.then(() => undefined)]);
    if (message?.type === "forked") return message;
    if (message?.type === "error") throw Object.assign(new Error(message.error.message), { payload: message.error });
    throw new Error(`the runner exited before forking the thread${runner.errorOutput ? `: ${runner.errorOutput}` : ""}`);
  } finally {
    runner.kill();
    runner.dispose();
  }
}
