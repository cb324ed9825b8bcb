import type { ChildProcess } from "node:child_process";

export interface SlowRead {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Reads a child's stdout the way a slow consumer of a pipe does (`| jq` on a big document, `| less`):
 * nothing at first (a reader still starting up), then one chunk, a pause, the next, so the pipe's
 * buffer fills and the child's writes have to wait for us. The pauses are the point of the test, not
 * a wait for something: a writer that exits with writes still queued loses them only when its reader
 * is behind.
 */
export function readSlowly(child: ChildProcess, options: { startMs?: number; pauseMs?: number } = {}): Promise<SlowRead> {
  const { startMs = 500, pauseMs = 10 } = options;
  const chunks: Buffer[] = [];
  let stderr = "";
  const timers = new Set<NodeJS.Timeout>();
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const out = child.stdout!;
  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  out.pause();
  later(() => out.resume(), startMs);
  out.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    out.pause();
    later(() => out.resume(), pauseMs);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(chunks).toString("utf8"), stderr });
    });
  });
}
