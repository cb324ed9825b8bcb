import { spawn } from "node:child_process";
import { CHILD_ENV } from "./bundle";

export interface TimedSpawn {
  /** ms from just before spawn() to reading the first line that `isFirst` accepts. */
  firstMs: number;
  /** ms from spawn to exit. */
  exitMs: number;
  lines: string[];
}

/** Starts `node args…` and times it to its first matching stdout line and to its exit (which must be 0). */
export function spawnTimed(args: string[], isFirst: (line: string) => boolean, env: NodeJS.ProcessEnv = {}, timeoutMs = 180_000): Promise<TimedSpawn> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env: { ...CHILD_ENV, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let firstMs = Number.NaN;
    let buffered = "";
    let stderr = "";
    const lines: string[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const now = performance.now();
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        if (Number.isNaN(firstMs) && isFirst(line)) firstMs = now - start;
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const exitMs = performance.now() - start;
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} exited ${code ?? signal}: ${stderr.slice(-2000)}`));
      if (Number.isNaN(firstMs)) return reject(new Error(`node ${args.join(" ")} never printed its first-node line; stdout: ${lines.slice(0, 5).join(" | ")}`));
      resolvePromise({ firstMs, exitMs, lines });
    });
  });
}
