import assert from "node:assert/strict";
import { batchStdout } from "../../../src/cli/batchedStdout";

/** A stand-in for process.stdout/stderr that records each write(2) it would make, into one shared log. */
function fakeStream(name: string, log: string[], onWrite = () => undefined as void): NodeJS.WriteStream & { writes: string[] } {
  const writes: string[] = [];
  const stream = {
    writes,
    write(chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      writes.push(text);
      log.push(`${name}:${text}`);
      onWrite();
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") (done as () => void)();
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { writes: string[] };
}

describe("batched stdout of a run", () => {
  it("gathers lines into one write, and sends them when enough have gathered", () => {
    const log: string[] = [];
    const stdout = fakeStream("out", log);
    const stderr = fakeStream("err", log);
    const batch = batchStdout({ stdout, stderr, maxBytes: 30, maxDelayMs: 60_000 });
    try {
      stdout.write("line 1\n");
      stdout.write("line 2\n");
      assert.deepEqual(stdout.writes, [], "nothing is written line by line");
      stdout.write("line 3 is long enough\n");
      assert.deepEqual(stdout.writes, ["line 1\nline 2\nline 3 is long enough\n"]);
    } finally {
      batch.restore();
    }
  });

  it("keeps the order of everything written: bytes, writes with a callback, stderr", () => {
    const log: string[] = [];
    const stdout = fakeStream("out", log);
    const stderr = fakeStream("err", log);
    const batch = batchStdout({ stdout, stderr, maxDelayMs: 60_000 });
    let called = false;
    try {
      stdout.write("a\n");
      stdout.write(Buffer.from("bytes\n"));
      stdout.write("b\n");
      stderr.write("oops\n");
      stdout.write("c\n");
      stdout.write("d\n", () => (called = true));
      stdout.write("e\n");
    } finally {
      batch.restore();
    }
    assert.deepEqual(log, ["out:a\n", "out:bytes\n", "out:b\n", "err:oops\n", "out:c\n", "out:d\n", "out:e\n"]);
    assert.ok(called, "the callback ran");
  });

  it("sends what waits once the oldest line is old enough, also when the run is idle", async () => {
    const log: string[] = [];
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const stdout = fakeStream("out", log, () => written());
    const batch = batchStdout({ stdout, stderr: fakeStream("err", log), maxDelayMs: 5 });
    try {
      stdout.write("waiting\n");
      assert.deepEqual(stdout.writes, []);
      await wrote;
      assert.deepEqual(stdout.writes, ["waiting\n"]);
    } finally {
      batch.restore();
    }
  });

  it("restores the streams' own write, sending what waits", () => {
    const log: string[] = [];
    const stdout = fakeStream("out", log);
    const stderr = fakeStream("err", log);
    const own = stdout.write;
    const batch = batchStdout({ stdout, stderr, maxDelayMs: 60_000 });
    stdout.write("last\n");
    assert.notEqual(stdout.write, own);
    batch.restore();
    assert.equal(stdout.write, own);
    assert.deepEqual(stdout.writes, ["last\n"]);
    stdout.write("after\n");
    assert.deepEqual(stdout.writes, ["last\n", "after\n"]);
  });
});
