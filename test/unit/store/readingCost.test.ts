import assert from "node:assert/strict";
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliContext } from "../../../src/cli/cliContext";
import { showCommand } from "../../../src/cli/commands/show";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { storeSignature } from "../../../src/extension/tree/storeSignature";
import { nodeFs, type StoreFs } from "../../../src/core/store/file/storeFs";
import { expectCode, newThread, StepDriver, WriterPool } from "./storeTestKit";

const HOLDER = join(__dirname, "helpers", "threadHolder.ts");
const JOURNAL = /journal-\d+\.ndjson$/;

/** The real file system, counting what is read from journal segments. */
function countingFs(): StoreFs & { journalOpens: string[]; journalBytes: number; reset(): void } {
  const fds = new Set<number>();
  const counted = {
    ...nodeFs,
    journalOpens: [] as string[],
    journalBytes: 0,
    reset() {
      counted.journalOpens = [];
      counted.journalBytes = 0;
    },
    openSync(path: string, flags: string) {
      const fd = nodeFs.openSync(path, flags);
      if (JOURNAL.test(path)) {
        counted.journalOpens.push(path);
        fds.add(fd);
      }
      return fd;
    },
    closeSync(fd: number) {
      fds.delete(fd);
      nodeFs.closeSync(fd);
    },
    readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number) {
      const read = nodeFs.readSync(fd, buffer, offset, length, position);
      if (fds.has(fd)) counted.journalBytes += read;
      return read;
    },
    readFileSync(path: string, encoding: "utf8") {
      if (JOURNAL.test(path)) counted.journalOpens.push(path);
      return nodeFs.readFileSync(path, encoding);
    },
  };
  return counted;
}

describe("what the reading commands read", function () {
  this.timeout(60_000);
  let tmp: string;
  let root: string;
  const pool = new WriterPool();
  const children: ChildProcess[] = [];

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), "dg-reading-"));
    root = join(tmp, ".durable");
  });
  afterEach(async () => {
    await pool.closeAll();
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  /** `lingerMs`: how long it runs before it ends (a thread that ends in its first 200 ms writes no summary). */
  async function finishedThread(store: FileStore, id: string, steps: number, lingerMs = 0): Promise<void> {
    const run = new StepDriver(await pool.create(store, newThread(id)));
    for (let i = 1; i <= steps; i++) run.commit((s) => void (s.count = i));
    if (lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, lingerMs));
    run.writer.end({ status: "completed", step: steps, at: Date.now() });
    await run.writer.close();
  }

  /** A thread whose owner, another process, was killed mid-run after committing `steps` steps. */
  async function orphanedThread(id: string, steps: number): Promise<void> {
    const child = fork(HOLDER, [root, id, "create", String(steps)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.push(child);
    const ready = await new Promise<{ type: string }>((resolve, reject) => {
      child.once("message", (m) => resolve(m as { type: string }));
      child.once("exit", (code, signal) => reject(new Error(`the holder exited (${code ?? signal}) before it was ready`)));
    });
    assert.equal(ready.type, "ready");
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await gone;
  }

  it("threads: a summary from the journal's newest writer saying the thread ended is read alone; a thread that ended at once, from its journal in one read; a dead owner's thread, from its journal", async () => {
    const fs = countingFs();
    const store = new FileStore(root, { fs });
    for (const id of ["a", "b"]) await finishedThread(store, id, 3, 250);
    await finishedThread(store, "quick", 3);
    await orphanedThread("orphan", 2);
    assert.ok(statSync(join(root, "threads", "a", "meta.json")).isFile(), "a thread that ran past 200 ms has a summary");
    assert.throws(() => statSync(join(root, "threads", "quick", "meta.json")), /ENOENT/, "a thread that ended at once has none");

    fs.reset();
    const listed = await store.listThreads();
    assert.deepEqual(listed.map((t) => [t.id, t.status, t.step]).sort(), [["a", "completed", 3], ["b", "completed", 3], ["orphan", "interrupted", 2], ["quick", "completed", 3]]);
    assert.ok(fs.journalOpens.some((path) => path.includes(join("threads", "orphan"))), "the orphan's journal was read");
    const quick = fs.journalOpens.filter((path) => path.includes(join("threads", "quick")));
    assert.deepEqual(quick, [join(root, "threads", "quick", "journal-000001.ndjson")], "the quick thread's journal is opened once");
    assert.ok(fs.journalOpens.every((path) => !path.includes(join("threads", "a")) && !path.includes(join("threads", "b"))), `no summarised thread's journal is read: ${fs.journalOpens.join(", ")}`);
    const fresh = await new FileStore(root).getThread("quick");
    // The editor's backup poll sees a thread change by its directory's time: ending without a summary touches it.
    const signature = storeSignature(root);
    const run = new StepDriver(await pool.create(store, newThread("later")));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const running = storeSignature(root);
    assert.notEqual(running, signature, "a new thread shows");
    await new Promise((resolve) => setTimeout(resolve, 20));
    run.writer.end({ status: "completed", step: 0, at: Date.now() });
    await run.writer.close();
    assert.throws(() => statSync(join(root, "threads", "later", "meta.json")), /ENOENT/);
    assert.notEqual(storeSignature(root), running, "its end shows too");
    assert.deepEqual(fresh && { status: fresh.status, step: fresh.step, lastNodes: fresh.lastNodes, graph: fresh.graph }, { status: "completed", step: 3, lastNodes: ["a"], graph: "graphs/demo.graph.ts" });
  });

  it("threads: a summary left by an earlier writer is not believed (a later segment exists)", async () => {
    const store = new FileStore(root);
    await finishedThread(store, "t", 2, 250);
    const stale = readFileSync(join(root, "threads", "t", "meta.json"), "utf8");
    // Taken over again and run one more step; its summary is then put back as the earlier writer left it.
    const run = new StepDriver(await pool.open(store, "t"));
    run.commit((s) => void (s.count = 3));
    run.writer.end({ status: "completed", step: 3, at: Date.now() });
    await run.writer.close();
    writeFileSync(join(root, "threads", "t", "meta.json"), stale);
    const [info] = await new FileStore(root).listThreads();
    assert.equal(info?.step, 3, "the journal's newest segment decides");
  });

  describe("show", () => {
    function context(store: FileStore, onWrite: (text: string) => void): CliContext {
      return {
        store,
        storeDir: root,
        workspace: tmp,
        json: false,
        print: (line) => onWrite(`${line}\n`),
        emit: (value) => onWrite(`${JSON.stringify(value)}\n`),
        write: async (text) => onWrite(text),
      };
    }

    it("writes its first page before reading the journal through, and then all of it", async () => {
      const fs = countingFs();
      const store = new FileStore(root, { fs });
      await finishedThread(store, "long", 3000);
      const size = statSync(join(root, "threads", "long", "journal-000001.ndjson")).size;
      fs.reset();
      let readBeforeFirstWrite: number | undefined;
      let output = "";
      const code = await showCommand(
        context(new FileStore(root, { fs }), (text) => {
          readBeforeFirstWrite ??= fs.journalBytes;
          output += text;
        }),
        { thread: "long" },
      );
      assert.equal(code, 0);
      assert.ok(readBeforeFirstWrite! < size / 4, `${readBeforeFirstWrite} bytes of ${size} were read before the first line`);
      assert.equal(output.match(/ committed /g)?.length, 3000, "every step is listed");
    });

    it("stops at damage with the file and offset, after the history before it", async () => {
      const store = new FileStore(root);
      await finishedThread(store, "hurt", 2000);
      const path = join(root, "threads", "hurt", "journal-000001.ndjson");
      const bytes = readFileSync(path);
      const at = bytes.lastIndexOf('"step":1900,');
      bytes[at + 2]! ^= 0x01;
      writeFileSync(path, bytes);
      let output = "";
      const error = await expectCode(
        showCommand(context(new FileStore(root), (text) => (output += text)), { thread: "hurt" }),
        "STORE_CORRUPT",
      );
      assert.equal(error.details.file, path);
      assert.ok(typeof error.details.offset === "number" && error.details.offset < at && at - error.details.offset < 1000, `offset ${error.details.offset}, damage at ${at}`);
      // Written a page at a time: the history stops at most a page before the damage.
      assert.match(output, /step 1500 {2}committed/);
      assert.doesNotMatch(output, /step 1900 {2}committed/);
    });
  });
});
