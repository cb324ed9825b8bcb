import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runEvent, type RunEvent } from "../../src/core/protocol/runEvents";

export const REPO = resolve(__dirname, "..", "..");
export const CLI = join(REPO, "bin", "durable-graphs.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** `--json` output parsed as run events (other JSON lines are skipped). */
  events: RunEvent[];
  json: unknown[];
}

/** A scratch workspace outside the repository (so graph files get the bundled SDK, as a user's would). */
export function workspace(prefix = "dg-it-"): { dir: string; copy(from: string, to?: string): string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    copy(from, to) {
      const target = join(dir, to ?? from.split("/").pop()!);
      cpSync(resolve(REPO, from), target, { recursive: true });
      return target;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function startCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Collects a started CLI's output until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const json = stdout.split("\n").flatMap((line) => {
        if (!line.startsWith("{") && !line.startsWith("[")) return [];
        try {
          return [JSON.parse(line) as unknown];
        } catch {
          return []; // a line of human output
        }
      });
      const events = json.flatMap((j) => {
        const parsed = runEvent.safeParse(j);
        return parsed.success ? [parsed.data] : [];
      });
      resolvePromise({ code, signal, stdout, stderr, events, json });
    });
  });
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  return finished(startCli(args, options));
}

/** Resolves with the first `--json` event matching `predicate` on a running CLI's stdout. */
export function waitForEvent(child: ChildProcess, predicate: (event: RunEvent) => boolean): Promise<RunEvent> {
  return new Promise((resolvePromise, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf("\n")) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const parsed = line.startsWith("{") ? runEvent.safeParse(JSON.parse(line)) : undefined;
        if (parsed?.success && predicate(parsed.data)) {
          child.stdout!.off("data", onData);
          child.off("exit", onExit);
          resolvePromise(parsed.data);
        }
      }
    };
    const onExit = (code: number | null) => reject(new Error(`the CLI exited (${code}) before the awaited event`));
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });
}

/** The final state of a run that completed (from its `done` event). */
export function finalState<T>(result: CliResult): T {
  const done = result.events.find((e) => e.type === "done");
  if (!done || done.type !== "done") throw new Error(`the run did not complete: ${result.stdout}${result.stderr}`);
  return done.state as T;
}
