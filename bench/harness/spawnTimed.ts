import { spawn } from "node:child_process";
import { firstNodeMs } from "../children/marker";
import { CHILD_ENV } from "./bundle";

export interface TimedSpawn {
  /** ms from just before spawn() to reading the first line (stdout or stderr) that `isFirst` accepts. */
  firstMs: number;
  /** The child's own `performance.now()` at its first node (ms since its process started), if it printed one. */
  childFirstMs: number;
  /** ms from spawn to exit. */
  exitMs: number;
  lines: string[];
}

/**
 * Starts `node args…` and times it to its first matching line and to its exit (which must be 0). The
 * child's own first-node mark (`bench:first-node <ms>`, on stdout or stderr) is read too. `isFirst`
 * undefined: only the exit is timed.
 */
export function spawnTimed(args: string[], isFirst: ((line: string) => boolean) | undefined, env: NodeJS.ProcessEnv = {}, timeoutMs = 600_000): Promise<TimedSpawn> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env: { ...CHILD_ENV, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let firstMs = Number.NaN;
    let childFirstMs = Number.NaN;
    let stderr = "";
    const lines: string[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const reader = (keep: boolean) => {
      let buffered = "";
      return (chunk: string) => {
        const now = performance.now();
        buffered += chunk;
        let newline;
        while ((newline = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (keep) lines.push(line);
          if (Number.isNaN(firstMs) && isFirst?.(line)) firstMs = now - start;
          if (Number.isNaN(childFirstMs)) childFirstMs = firstNodeMs(line);
        }
      };
    };
    child.stdout.setEncoding("utf8").on("data", reader(true));
    const onStderr = reader(false);
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
      onStderr(chunk);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const exitMs = performance.now() - start;
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} exited ${code ?? signal}: ${stderr.slice(-2000)}`));
      if (isFirst && Number.isNaN(firstMs)) return reject(new Error(`node ${args.join(" ")} never printed its first-node line; stdout: ${lines.slice(0, 5).join(" | ")}`));
      resolvePromise({ firstMs, childFirstMs, exitMs, lines });
    });
  });
}
