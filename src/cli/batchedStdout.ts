/**
 * A run prints a few lines per step: a 10,000-step loop printed 30,000 lines, one `write(2)` each, which
 * cost more than the steps themselves and woke the reader (a terminal, a pipe's consumer) as often.
 * While a run goes, what is written to stdout is gathered and written in batches: when `maxBytes` have
 * gathered, or the oldest waiting line is `maxDelayMs` old (a person watching still sees each step as it
 * happens), or the process is about to exit, or anything goes to stderr.
 *
 * Every write to stdout goes through the batch — ours, `console.*` outside a node, a node's own
 * `process.stdout.write` — so the order of the output is the order it was written in. A write with a
 * callback, or of bytes, first sends what waits and then goes out as it came.
 */
export interface BatchedStdout {
  /** Sends what waits (the stream takes it at once: files and terminals synchronously, pipes as they can). */
  flush(): void;
  /** Sends what waits and puts the streams' own `write` back. */
  restore(): void;
}

type Write = NodeJS.WriteStream["write"];

export function batchStdout(
  options: { stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream; maxBytes?: number; maxDelayMs?: number } = {},
): BatchedStdout {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const maxBytes = options.maxBytes ?? 32 * 1024;
  const maxDelayMs = options.maxDelayMs ?? 20;
  // Own properties shadowing the prototype's `write`; deleting them restores it.
  const ownOut = Object.prototype.hasOwnProperty.call(stdout, "write");
  const ownErr = Object.prototype.hasOwnProperty.call(stderr, "write");
  const writeOut: Write = stdout.write;
  const writeErr: Write = stderr.write;
  let waiting: string[] = [];
  let bytes = 0;
  let oldest = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0) return;
    const text = waiting.length === 1 ? waiting[0]! : waiting.join("");
    waiting = [];
    bytes = 0;
    writeOut.call(stdout, text);
  };

  stdout.write = function (this: unknown, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    if (typeof chunk !== "string" || typeof encoding === "function" || typeof callback === "function") {
      flush();
      return (writeOut as (...args: unknown[]) => boolean).apply(stdout, [chunk, encoding, callback].slice(0, arguments.length));
    }
    const now = Date.now();
    if (waiting.length === 0) {
      oldest = now;
      // A run that waits (a slow node) still shows what it printed before.
      timer = setTimeout(flush, maxDelayMs);
    }
    waiting.push(chunk);
    bytes += chunk.length;
    if (bytes >= maxBytes || now - oldest >= maxDelayMs) flush();
    // The run never waits for its reader (its output is dropped if the reader goes away).
    return true;
  } as Write;

  stderr.write = function (this: unknown, ...args: unknown[]): boolean {
    flush();
    return (writeErr as (...a: unknown[]) => boolean).apply(stderr, args);
  } as Write;

  // A node calling `process.exit`: what waits is still written (as it would have been, line by line).
  process.on("exit", flush);

  return {
    flush,
    restore() {
      flush();
      process.off("exit", flush);
      if (ownOut) stdout.write = writeOut;
      else delete (stdout as { write?: Write }).write;
      if (ownErr) stderr.write = writeErr;
      else delete (stderr as { write?: Write }).write;
    },
  };
}
