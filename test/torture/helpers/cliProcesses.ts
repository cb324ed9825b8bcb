import { finished, startCli, type CliResult } from "../../integration/cli";
import { envCount } from "./random";

export { workspace, type CliResult } from "../../integration/cli";

/** The torture graph (a chain of quick nodes), copied into each scratch workspace. */
export const CHAIN_GRAPH = "test/torture/graphs/chain.graph.ts";

/** A CLI process that outlives this is killed and reported as hung (a deadlock must not hang the suite). */
const PROCESS_TIMEOUT_MS = envCount("TORTURE_PROCESS_TIMEOUT_MS", 60_000, 1);

export interface CliRun {
  label: string;
  args: string[];
  pid: number;
  result: CliResult;
  hung: boolean;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** Starts every command at once (spawned back to back, then awaited together). */
export async function startAll(commands: { label: string; args: string[] }[], options: CliOptions): Promise<CliRun[]> {
  const started = commands.map(({ label, args }) => {
    const child = startCli(args, options);
    let hung = false;
    const watchdog = setTimeout(() => {
      hung = true;
      child.kill("SIGKILL");
    }, PROCESS_TIMEOUT_MS);
    const done = finished(child).finally(() => clearTimeout(watchdog));
    return { label, args, pid: child.pid ?? -1, done, hung: () => hung };
  });
  return Promise.all(started.map(async (s) => ({ label: s.label, args: s.args, pid: s.pid, result: await s.done, hung: s.hung() })));
}

/** One command, with the same watchdog. */
export async function cli(args: string[], options: CliOptions): Promise<CliRun> {
  const [run] = await startAll([{ label: args[0] ?? "cli", args }], options);
  return run!;
}

/** The `{type:"error"}` document a failing `--json` command prints, or the `failed` event of a run. */
export function errorOf(result: CliResult): { code: string; message: string; details?: Record<string, unknown> } | undefined {
  for (const doc of result.json) {
    const d = doc as { type?: string; status?: string; error?: { code?: unknown; message?: unknown; details?: unknown } };
    // Run events and error lines carry a type; `verify --json` reports damage as its verdict.
    if ((d.type === "error" || d.type === "failed" || d.status === "damaged") && d.error && typeof d.error.code === "string") {
      return { code: d.error.code, message: String(d.error.message ?? ""), ...(d.error.details ? { details: d.error.details as Record<string, unknown> } : {}) };
    }
  }
  return undefined;
}

/** The last few lines a command printed, for failure messages. */
export function tail(result: CliResult, lines = 4): string {
  const text = `${result.stdout}${result.stderr}`.trim().split("\n").slice(-lines).join(" ⏎ ");
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** `exit 3`, `SIGKILL` or `hung`. */
export function exitOf(run: CliRun): string {
  if (run.hung) return `hung (killed after ${PROCESS_TIMEOUT_MS} ms)`;
  return run.result.signal ? run.result.signal : `exit ${run.result.code}`;
}
