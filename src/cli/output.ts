/**
 * Writing to stdout/stderr at the pace of whoever reads them. A pipe holds 64 KiB; past that, Node
 * queues writes in memory and sends them as the reader takes them. Two things follow: a command that
 * prints a lot must wait for the queue to drain (or its memory grows with its output), and the process
 * must not exit while anything is still queued (`process.exit()` drops it: `show --json | jq` got a
 * cut document and exit 0).
 */

/** Writes `text`; resolves at once while the reader keeps up, or when the queue has drained. */
export function writeAtReadersPace(stream: NodeJS.WritableStream & { writableNeedDrain?: boolean }, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    // A reader that went away (EPIPE) never drains: `close` and `error` end the wait too.
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    stream.on("error", done);
  });
}

/** Resolves once everything written to `stream` so far has been handed to the OS (or it is gone). */
export function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable || stream.writableLength === 0) return Promise.resolve();
  // Write callbacks run in order: an empty write's runs once every earlier write is done.
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/**
 * Exits with `code` once stdout and stderr are flushed. The exit itself stays: whatever a node left
 * running (a child process, a timer) must not keep the command open.
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
