import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { nodeFs, type StoreFs } from "../../../src/core/store/file/storeFs";
import { StepDriver, WriterPool } from "./storeTestKit";

const HOLDER = join(__dirname, "helpers", "threadHolder.ts");

/**
 * A process taking over a thread whose owner died reads the journal, then the release marker. If in
 * between another process took the thread over, ran it to its end and released it, the listing it read
 * lacks that process's segment while the marker names its epoch. It must read again — not create the
 * next segment continuing the dead owner's, which would skip the other's steps and run them again.
 */
describe("taking over a thread while another process takes it over, runs it and lets it go", function () {
  this.timeout(60_000);
  let tmp: string;
  const pool = new WriterPool();
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), "dg-stale-"))));
  afterEach(async () => {
    await pool.closeAll();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("reads the journal again and continues after the other's steps", async () => {
    const root = join(tmp, ".durable");
    const dir = join(root, "threads", "t");
    // The first owner, another process, commits two steps and is killed.
    const holder = fork(HOLDER, [root, "t", "create", "2"], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    await new Promise((resolve, reject) => {
      holder.once("message", resolve);
      holder.once("exit", (code, signal) => reject(new Error(`the holder exited (${code ?? signal}) before it was ready`)));
    });
    const killed = new Promise((resolve) => holder.once("exit", resolve));
    holder.kill("SIGKILL");
    await killed;
    // (A thread that young may have no summary yet: its first is written after a moment, or at its end.)
    const summaryBefore = existsSync(join(dir, "meta.json")) ? readFileSync(join(dir, "meta.json"), "utf8") : undefined;

    // The other process: takes it over, runs steps 3 and 4, ends it and lets it go.
    const other = new StepDriver(await pool.open(new FileStore(root), "t"));
    other.commit((s) => void (s.n = 3));
    other.commit((s) => void (s.n = 4));
    other.writer.end({ status: "completed", step: 4, at: Date.now() });
    await other.writer.close();
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith("journal-")).sort(), ["journal-000001.ndjson", "journal-000002.ndjson"]);

    // This one read the summary and listed the directory before all that, and reads the marker after.
    if (summaryBefore === undefined) rmSync(join(dir, "meta.json"), { force: true });
    else writeFileSync(join(dir, "meta.json"), summaryBefore);
    let stale = 2;
    const fs: StoreFs = {
      ...nodeFs,
      readdirSync(path) {
        const names = nodeFs.readdirSync(path);
        if (basename(path) !== "t" || stale === 0) return names;
        stale--;
        return names.filter((name) => name !== "journal-000002.ndjson");
      },
    };
    const writer = await pool.open(new FileStore(root, { fs }), "t");
    assert.equal(stale, 0, "the stale listing was used");
    assert.equal(writer.resume.step, 4, "it continues after the other's steps");
    assert.deepEqual(writer.resume.next, ["a"]);
    assert.equal(writer.epoch, 3);
  });
});
