import assert from "node:assert/strict";
import { fork, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, watch, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import type { StateValues } from "../../../src/core/sdk/types";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { decodeSingle, encodeLine } from "../../../src/core/store/file/journalLine";
import { processStartTime } from "../../../src/core/store/file/processIdentity";
import { createSegment, segmentHeader } from "../../../src/core/store/file/segmentFile";
import { nodeFs } from "../../../src/core/store/file/storeFs";
import { JOURNAL_FORMAT, JOURNAL_VERSION } from "../../../src/core/store/records";
import { expectCode, newThread, StepDriver, WriterPool } from "./storeTestKit";

const HOLDER = join(__dirname, "helpers", "threadHolder.ts");

describe("FileStore", function () {
  let tmp: string;
  let root: string;
  let store: FileStore;
  const pool = new WriterPool();
  const children: ChildProcess[] = [];

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), "dg-filestore-"));
    root = join(tmp, ".durable");
    store = new FileStore(root);
  });
  afterEach(async () => {
    await pool.closeAll();
    for (const child of children.splice(0)) await stopChild(child);
    rmSync(tmp, { recursive: true, force: true });
  });

  const threadDir = (id: string) => join(root, "threads", id);
  const journal = (id: string, epoch = 1) => join(threadDir(id), `journal-${String(epoch).padStart(6, "0")}.ndjson`);
  /** The last record of a thread's segment, parsed. */
  const lastRecord = (id: string, epoch = 1) => JSON.parse(readFileSync(journal(id, epoch), "utf8").trimEnd().split("\n").at(-1)!);
  /** The epoch whose owner let the thread go, if its segment ends with the release. */
  const releasedEpoch = (id: string, epoch = 1): number | undefined => {
    const last = lastRecord(id, epoch);
    return last.type === "release" ? last.epoch : undefined;
  };
  /** Cuts a closed thread's release off its segment: as if its owner had died holding the thread. */
  const unrelease = (id: string, epoch = 1) => {
    const lines = readFileSync(journal(id, epoch), "utf8").trimEnd().split("\n");
    assert.equal(JSON.parse(lines.at(-1)!).type, "release");
    writeFileSync(journal(id, epoch), `${lines.slice(0, -1).join("\n")}\n`);
  };

  /** Rewrites the owner a segment's header names (as another host's process would have written it). */
  const setOwner = (id: string, owner: object, epoch = 1) => {
    const [first, ...rest] = readFileSync(journal(id, epoch), "utf8").split("\n");
    const record = { ...decodeSingle(first!), owner };
    writeFileSync(journal(id, epoch), [encodeLine(record as never), ...rest].join("\n"));
  };

  /** A closed thread with steps 0..3; the journal ends with step 3's checkpoint and its owner's release. */
  async function build(id: string): Promise<StepDriver> {
    const run = new StepDriver(await pool.create(store, newThread(id)));
    run.writer.recordRun({ run: "r1", pid: process.pid, at: Date.now(), step: 0, resumed: false });
    for (let i = 1; i <= 3; i++) {
      run.writer.recordNode({ step: i, node: "a", attempt: 1, startedAt: i, durationMs: 1, writes: { count: i } });
      run.commit((s) => {
        s.count = i;
        (s.messages as unknown[]).push(`message ${i} — ünïcødé`);
      });
    }
    await run.writer.close();
    return run;
  }

  /** Byte offsets at which each line of a journal starts, and its end. */
  function lineStarts(bytes: Buffer): number[] {
    const starts = [0];
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < bytes.length - 1; i = bytes.indexOf(0x0a, i + 1)) starts.push(i + 1);
    return starts;
  }

  describe("layout", () => {
    it("keeps a git-ignored store with one directory per thread", async () => {
      assert.equal(existsSync(root), false, "nothing is written before the first thread");
      await store.listThreads();
      assert.equal(existsSync(root), false, "readers write nothing");
      const writer = await pool.create(store, newThread("t1"));
      const header = JSON.parse(readFileSync(journal("t1"), "utf8").split("\n", 1)[0]!);
      assert.equal(header.owner.pid, process.pid, "the segment's header names its writer, which owns the thread");
      await expectCode(new FileStore(root).open("t1"), "THREAD_LOCKED");
      assert.match(readFileSync(join(root, ".gitignore"), "utf8"), /^\*$/m);
      assert.deepEqual(JSON.parse(readFileSync(join(root, "store.json"), "utf8")), { format: "durable-graphs.store", version: 1 });
      assert.deepEqual(readdirSync(join(root, "threads")), ["t1"], "no staging directory is left behind");
      new StepDriver(writer).commit((s) => {
        s.count = 1;
      });
      await writer.close();
      assert.deepEqual(readdirSync(threadDir("t1")).sort(), ["journal-000001.ndjson", "meta.json"]);
      assert.equal(releasedEpoch("t1"), 1, "closing says in the journal that the owner of epoch 1 let the thread go");
      assert.ok(lastRecord("t1").at > 0);
      const meta = JSON.parse(readFileSync(join(threadDir("t1"), "meta.json"), "utf8"));
      assert.equal(meta.id, "t1");
      assert.equal(meta.status, "interrupted");
      assert.equal(meta.step, 1);
      assert.equal(meta.epoch, 1);
    });

    it("writes every record as a JSON line carrying a CRC-32 of the rest", async () => {
      await build("crc");
      const text = readFileSync(journal("crc"), "utf8");
      assert.ok(text.endsWith("\n"));
      const lines = text.slice(0, -1).split("\n");
      assert.ok(lines.length >= 10);
      lines.forEach((line, i) => {
        const record = JSON.parse(line) as { seq: number; type: string; crc: string };
        assert.equal(record.seq, i);
        assert.match(record.crc, /^[0-9a-f]{8}$/);
        const body = line.replace(`,"crc":"${record.crc}"}`, "}");
        assert.equal(crc32(body).toString(16).padStart(8, "0"), record.crc, `line ${i}`);
      });
      const header = JSON.parse(lines[0]!);
      assert.equal(header.type, "segment");
      assert.equal(header.format, JOURNAL_FORMAT);
      assert.equal(header.version, JOURNAL_VERSION);
      assert.equal(header.epoch, 1);
      assert.equal(JSON.parse(lines[1]!).type, "thread");
    });

    it("creates the store's marker whole (processes creating one store at once read each other's)", async () => {
      const written: string[] = [];
      const watching = new FileStore(root, { fs: { ...nodeFs, writeFileSync: (path, data) => (written.push(path), nodeFs.writeFileSync(path, data)) } });
      await (await watching.create(newThread("first"))).close();
      const marker = join(root, "store.json");
      assert.deepEqual(JSON.parse(readFileSync(marker, "utf8")), { format: "durable-graphs.store", version: 1 });
      assert.ok(!written.includes(marker), "store.json is never written in place, where a reader could find it empty or cut");
      assert.deepEqual(readdirSync(root).filter((name) => name.endsWith(".tmp")), [], "no temporary file is left");
    });

    it("keeps the heartbeat (for other hosts) and the summary going for a thread it created", async () => {
      const quick = new FileStore(root, { leaseMs: 400 });
      const writer = await pool.create(quick, newThread("beat"));
      utimesSync(journal("beat"), new Date(0), new Date(0));
      await untilChanged(journal("beat"));
      assert.ok(Date.now() - statSync(journal("beat")).mtimeMs < 400, "the heartbeat touched the thread's own segment");
      await expectCode(new FileStore(root, { leaseMs: 400 }).open("beat"), "THREAD_LOCKED");
      await writer.close();
      assert.equal(releasedEpoch("beat"), 1);
      assert.equal(JSON.parse(readFileSync(join(threadDir("beat"), "meta.json"), "utf8")).status, "interrupted");
    });
  });

  describe("torn tail", () => {
    it("repairs a journal cut at any byte of its last record to the previous commit", async function () {
      this.timeout(300_000);
      const run = await build("torn");
      // Its owner died writing step 3's checkpoint: it released nothing.
      unrelease("torn");
      setOwner("torn", { ...(await deadProcess()), host: hostname() });
      const bytes = readFileSync(journal("torn"));
      // The summary as it stood before the last commit was written (the write the process died in).
      const meta = JSON.parse(readFileSync(join(threadDir("torn"), "meta.json"), "utf8"));
      meta.step = 2;
      const lastStart = lineStarts(bytes).at(-1)!;
      assert.equal(JSON.parse(bytes.subarray(lastStart).toString()).type, "checkpoint");
      for (let length = lastStart; length < bytes.length; length++) {
        rmSync(threadDir("torn"), { recursive: true });
        mkdirSync(threadDir("torn"));
        writeFileSync(journal("torn"), bytes.subarray(0, length));
        writeFileSync(join(threadDir("torn"), "meta.json"), JSON.stringify(meta));
        if (length > lastStart) assert.deepEqual((await store.verify("torn")).tornTail, { file: journal("torn"), offset: lastStart, bytes: length - lastStart });

        const writer = await pool.open(store, "torn");
        assert.equal(writer.resume.step, 2, `cut at ${length}`);
        if (length > lastStart) assert.deepEqual({ ...writer.resume.repaired, at: 0 }, { file: journal("torn"), offset: lastStart, bytes: length - lastStart, records: 1, at: 0 });
        else assert.equal(writer.resume.repaired, undefined);
        assert.deepEqual(writer.resume.state, run.states.get(2), `cut at ${length}`);
        assert.equal(statSync(journal("torn")).size, lastStart, `the torn record is cut off (cut at ${length})`);
        assert.ok(readFileSync(journal("torn")).equals(bytes.subarray(0, lastStart)));
        writer.commit({ step: 3, nodes: ["z"], changes: [{ key: "count", op: "set", value: length }], next: [], state: { ...run.states.get(2), count: length } });
        await writer.close();

        const again = await pool.open(store, "torn");
        assert.equal(again.resume.step, 3);
        assert.deepEqual(again.resume.state, { ...run.states.get(2), count: length });
        await again.close();
        const report = await store.verify("torn");
        assert.equal(report.segments, 3);
        assert.equal(report.records, (await store.history("torn")).records.length);
      }
    });

    it("reads a torn journal without repairing it: readers never write", async () => {
      const run = await build("torn-read");
      unrelease("torn-read");
      const bytes = readFileSync(journal("torn-read"));
      writeFileSync(journal("torn-read"), bytes.subarray(0, bytes.length - 5));
      // The summary as it stood before the torn write (the process died in it).
      const meta = join(threadDir("torn-read"), "meta.json");
      writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, "utf8")), step: 2 }));
      const view = await store.checkpoint("torn-read");
      assert.equal(view.step, 2);
      assert.deepEqual(view.state, run.states.get(2));
      assert.deepEqual((await store.checkpoints("torn-read")).map((c) => c.step), [0, 1, 2]);
      assert.equal((await store.history("torn-read")).records.at(-1)?.type, "node");
      assert.equal(statSync(journal("torn-read")).size, bytes.length - 5);
    });
  });

  describe("damage mid-file", () => {
    for (const where of ["an early record", "the last record"] as const) {
      it(`quarantines a thread with a flipped byte in ${where}, naming the file and offset, and never resets it`, async () => {
        await build("flip");
        // Its owner has exited, as a CLI run's has: only the journal can refuse it.
        setOwner("flip", { ...(await deadProcess()), host: hostname() });
        const original = readFileSync(journal("flip"));
        const starts = lineStarts(original);
        const bad = where === "the last record" ? starts.at(-1)! : starts[4]!;
        const damaged = Buffer.from(original);
        const at = bad + 10;
        damaged[at] = damaged[at]! ^ 0x01;
        writeFileSync(journal("flip"), damaged);
        const files = readdirSync(threadDir("flip")).sort();

        for (let attempt = 0; attempt < 2; attempt++) {
          const error = await expectCode(store.open("flip"), "STORE_CORRUPT");
          assert.ok(error.message.includes(journal("flip")), error.message);
          assert.match(error.message, new RegExp(`byte ${bad}\\b`));
          assert.equal(error.details.file, journal("flip"));
          assert.equal(error.details.offset, bad);
          assert.ok(readFileSync(journal("flip")).equals(damaged), "the journal is untouched");
          assert.deepEqual(readdirSync(threadDir("flip")).sort(), files, "no new segment or lock is left");
        }
        const listed = (await store.listThreads()).find((t) => t.id === "flip");
        assert.equal(listed?.status, "quarantined");
        assert.equal(listed.error?.code, "STORE_CORRUPT");
        assert.equal((await store.getThread("flip"))?.status, "quarantined");
        const verified = await expectCode(store.verify("flip"), "STORE_CORRUPT");
        assert.equal(verified.details.offset, bad);
        await expectCode(store.checkpoint("flip"), "STORE_CORRUPT");
        await expectCode(store.history("flip"), "STORE_CORRUPT");
        assert.ok(readFileSync(journal("flip")).equals(damaged));
      });
    }

    it("refuses a journal with a missing or repeated record (sequence gap)", async () => {
      await build("gap");
      const original = readFileSync(journal("gap"));
      const starts = lineStarts(original);
      for (const [label, edited] of [
        ["missing", Buffer.concat([original.subarray(0, starts[5]!), original.subarray(starts[6]!)])],
        ["repeated", Buffer.concat([original.subarray(0, starts[6]!), original.subarray(starts[5]!)])],
      ] as const) {
        writeFileSync(journal("gap"), edited);
        rmSync(join(threadDir("gap"), "meta.json"), { force: true });
        const error = await expectCode(store.open("gap"), "STORE_CORRUPT");
        assert.match(error.message, /sequence number/, label);
        assert.ok(error.message.includes(journal("gap")));
        assert.ok(readFileSync(journal("gap")).equals(edited), `${label}: untouched`);
        await expectCode(store.verify("gap"), "STORE_CORRUPT");
        assert.equal((await store.getThread("gap"))?.status, "quarantined");
      }
    });

    it("refuses a released segment whose record was rewritten with a valid checksum of its own (the segment's checksum)", async () => {
      await build("rewritten");
      const lines = readFileSync(journal("rewritten"), "utf8").slice(0, -1).split("\n");
      assert.equal(decodeSingle(lines.at(-1)!)?.type, "release");
      const index = lines.findIndex((line) => line.includes('"type":"run"'));
      const run = decodeSingle(lines[index]!);
      assert.ok(run?.type === "run");
      // Same length, same sequence, still a consistent journal: only the segment's checksum can tell.
      lines[index] = encodeLine({ ...run, pid: run.pid + 1 });
      writeFileSync(journal("rewritten"), `${lines.join("\n")}\n`);
      rmSync(join(threadDir("rewritten"), "meta.json"), { force: true });
      const error = await expectCode(store.open("rewritten"), "STORE_CORRUPT");
      assert.match(error.message, /not the ones its checksum covers/);
      await expectCode(store.verify("rewritten"), "STORE_CORRUPT");
    });

    it("refuses well-formed records that make no sense where they stand (a step skipped), naming the file and offset", async () => {
      await build("skip");
      const original = readFileSync(journal("skip"));
      const lines = original.toString("utf8").slice(0, -1).split("\n");
      const index = lines.findIndex((line) => line.includes('"type":"checkpoint","step":2,'));
      const decoded = decodeSingle(lines[index]!);
      assert.ok(decoded?.type === "checkpoint");
      lines[index] = encodeLine({ ...decoded, step: 5 });
      writeFileSync(journal("skip"), `${lines.join("\n")}\n`);
      const offset = lineStarts(readFileSync(journal("skip")))[index]!;
      for (const action of [() => store.open("skip"), () => store.verify("skip"), () => store.checkpoint("skip", 3)]) {
        const error = await expectCode(action, "STORE_CORRUPT");
        assert.ok(error.message.includes(journal("skip")), error.message);
        assert.match(error.message, /step 5 follows step 1/);
        assert.equal(error.details.offset, offset);
      }
    });

    it("refuses a journal of a newer format with STORE_VERSION, without touching it", async () => {
      await build("ok");
      mkdirSync(threadDir("v2"), { recursive: true });
      const lines = [
        encodeLine({ seq: 0, type: "segment", format: JOURNAL_FORMAT, version: JOURNAL_VERSION + 1, epoch: 1, at: Date.now() }),
        encodeLine({ seq: 1, type: "thread", thread: "v2", graph: "g.ts", at: Date.now() }),
      ];
      writeFileSync(journal("v2"), `${lines.join("\n")}\n`);
      const before = readFileSync(journal("v2"));
      const error = await expectCode(store.open("v2"), "STORE_VERSION");
      assert.ok(error.message.includes(journal("v2")));
      await expectCode(store.checkpoint("v2"), "STORE_VERSION");
      await expectCode(store.history("v2"), "STORE_VERSION");
      await expectCode(store.verify("v2"), "STORE_VERSION");
      assert.ok(readFileSync(journal("v2")).equals(before));
      assert.deepEqual(readdirSync(threadDir("v2")), ["journal-000001.ndjson"]);
      // One thread of a newer version does not break the listing of the others.
      const list = await store.listThreads();
      assert.equal(list.find((t) => t.id === "ok")?.status, "interrupted");
      assert.equal(list.find((t) => t.id === "v2")?.error?.code, "STORE_VERSION");
    });
  });

  describe("the lock", () => {
    /** The header of a segment, parsed. */
    const header = (id: string, epoch = 1) => JSON.parse(readFileSync(journal(id, epoch), "utf8").split("\n", 1)[0]!);
    const age = (path: string) => {
      const past = new Date(Date.now() - 60 * 60_000);
      utimesSync(path, past, past);
    };

    it("reads again, never skipping its segment, when another process took over, ran and released while it read", async () => {
      await build("raced");
      const dir = threadDir("raced");
      const lines = readFileSync(journal("raced"), "utf8").trimEnd().split("\n");
      const lastSeq = decodeSingle(lines.at(-1)!)!.seq;
      let raced = false;
      const writer = await store.open("raced", {
        check: () => {
          if (raced) return;
          raced = true;
          // Between this process's read and its new segment, another owner takes epoch 2 and lets it go.
          const created = createSegment(nodeFs, dir, segmentHeader(lastSeq + 1, 2, { epoch: 1, end: statSync(journal("raced")).size, seq: lastSeq }), "process");
          assert.notEqual(created, undefined);
          closeSync(created!.fd);
          appendFileSync(journal("raced", 2), `${encodeLine({ seq: lastSeq + 2, type: "release", epoch: 2, at: Date.now() })}\n`);
        },
      });
      await writer.close();
      assert.ok(raced);
      const { sum: racedSum, ...raced3 } = header("raced", 3).prev;
      assert.deepEqual(raced3, { epoch: 2, end: statSync(journal("raced", 2)).size, seq: lastSeq + 2 }, "the new segment continues the racer's, not the one first read");
      assert.equal(racedSum, crc32(readFileSync(journal("raced", 2))), "and seals it with the checksum of its bytes");
    });

    it("takes over at once from an owner that was killed, seeing the thread as interrupted at its last step", async () => {
      const holder = await startHolder(root, "crashed", "create", 3);
      // Its summary is created in place: killed between the create and the write, it would be empty.
      await untilWritten(join(threadDir("crashed"), "meta.json"));
      holder.child.kill("SIGKILL");
      await exited(holder.child);
      assert.equal(header("crashed").owner.pid, holder.pid, "the segment names its writer");
      assert.equal(releasedEpoch("crashed"), undefined, "a killed owner released nothing");
      assert.equal(JSON.parse(readFileSync(join(threadDir("crashed"), "meta.json"), "utf8")).status, "running", "its summary says running");

      const listed = (await store.listThreads()).find((t) => t.id === "crashed");
      assert.equal(listed?.status, "interrupted");
      assert.equal(listed.step, 3);
      assert.equal(listed.owner, undefined);
      assert.equal((await store.getThread("crashed"))?.step, 3);

      const writer = await pool.open(store, "crashed");
      assert.equal(writer.resume.step, 3);
      assert.deepEqual(writer.resume.state, { n: 3 });
      const mine = header("crashed", 2);
      assert.equal(mine.owner.pid, process.pid);
      const { sum, ...sealed } = mine.prev;
      assert.deepEqual(sealed, { epoch: 1, end: statSync(journal("crashed")).size, seq: header("crashed", 2).seq - 1 });
      assert.equal(sum, crc32(readFileSync(journal("crashed"))), "the seal carries the checksum of the bytes it seals");
    });

    it("takes over from a dead pid, a live pid whose start time differs (a reused pid), or an owner of an earlier boot", async () => {
      const dead = await deadProcess();
      const self = { pid: process.pid, start: processStartTime(process.pid), host: hostname() };
      for (const owner of [{ ...dead, host: hostname() }, { ...self, start: "not-this-process" }, { ...self, boot: "an-earlier-boot" }]) {
        await build("stale");
        unrelease("stale"); // as if the owner had died holding it
        setOwner("stale", owner);
        const writer = await pool.open(store, "stale");
        assert.equal(writer.resume.step, 3, JSON.stringify(owner));
        await writer.close();
        await store.delete("stale");
      }
    });

    it("never takes over a live owner on this machine, however long its heartbeat has been silent", async () => {
      const holder = await startHolder(root, "live", "create", 2);
      const locked = await expectCode(store.open("live"), "THREAD_LOCKED");
      assert.ok(locked.message.includes(`process ${holder.pid}`), locked.message);
      assert.equal(locked.details.pid, holder.pid);
      await expectCode(store.delete("live"), "THREAD_LOCKED");
      await expectCode(store.create(newThread("live"), { replace: true }), "THREAD_LOCKED");
      const info = await store.getThread("live");
      assert.equal(info?.status, "running");
      assert.equal(info.owner?.pid, holder.pid);

      // Its event loop is blocked (simulated: no heartbeat for an hour), but it is alive: it keeps the thread.
      age(journal("live"));
      await expectCode(new FileStore(root, { leaseMs: 1 }).open("live"), "THREAD_LOCKED");
      holder.child.send({ type: "commit" });
      assert.deepEqual(await message(holder.child), { type: "committed", step: 3 });
      holder.child.send({ type: "close" });
      await exited(holder.child);
      const writer = await pool.open(store, "live");
      assert.equal(writer.resume.step, 3);
    });

    it("judges an owner on another host by its lease: refused while it beats, taken over once silent, then fenced", async () => {
      const a = new StepDriver(await pool.create(store, newThread("fence")));
      a.commit((s) => {
        s.count = 1;
      });
      // As if `a` ran on another machine sharing this store (its appends still reach the same file).
      setOwner("fence", { pid: 4242, start: "x", host: "other-host" });
      const refused = await expectCode(new FileStore(root, { leaseMs: 60_000 }).open("fence"), "THREAD_LOCKED");
      assert.match(refused.message, /process 4242 on other-host/);
      age(journal("fence"));
      const b = new StepDriver(await pool.open(new FileStore(root, { leaseMs: 1000 }), "fence"));
      assert.equal(b.step, 1);
      // `a` was taken over because it stalled for a lease; it appends again once it wakes.
      await new Promise((resolve) => setTimeout(resolve, 20));

      await expectCode(() => a.commit((s) => (s.count = 666)), "FENCED");
      await expectCode(() => a.writer.recordNode({ step: 2, node: "a", attempt: 1, startedAt: 0, durationMs: 0, writes: {} }), "FENCED");
      await expectCode(() => a.writer.end({ status: "completed", step: 2, at: 0 }), "FENCED");
      assert.throws(() => a.writer.assertOwner(), /was taken over by process/);
      // A write that slipped between A's fence check and its append lands past the seal.
      appendFileSync(journal("fence"), `${encodeLine({ seq: 99, type: "checkpoint", step: 2, nodes: ["a"], changes: [{ key: "count", op: "set", value: 666 }], next: [], at: Date.now() })}\n`);

      b.commit((s) => {
        s.count = 2;
      });
      const seen = async () => {
        const view = await store.checkpoint("fence");
        assert.equal(view.step, 2);
        assert.deepEqual(view.state, b.states.get(2));
        const history = await store.history("fence");
        assert.ok(!JSON.stringify(history.records).includes(`"value":666`), "nothing of the fenced writer is read");
        assert.equal((await store.verify("fence")).tornTail, undefined);
      };
      await seen();
      await a.writer.close();
      assert.equal(releasedEpoch("fence", 2), undefined, "the fenced writer releases nothing");
      assert.equal(releasedEpoch("fence", 1), undefined, "not even past the seal");
      await b.writer.close();
      assert.equal(releasedEpoch("fence", 2), 2, "the successor released its epoch");
      assert.equal(JSON.parse(readFileSync(join(threadDir("fence"), "meta.json"), "utf8")).epoch, 2);
      await seen();
      const reopened = await pool.open(store, "fence");
      assert.deepEqual(reopened.resume.state, b.states.get(2));
      reopened.commit({ step: 3, nodes: [], changes: [], next: [], state: b.states.get(2)! });
      await reopened.close();
      await store.verify("fence");
    });

    it("does not let a writer taken over unawares overwrite its successor's summary when it closes", async () => {
      const a = await pool.create(store, newThread("quiet"));
      setOwner("quiet", { pid: 4242, start: "x", host: "other-host" });
      age(journal("quiet"));
      const b = new StepDriver(await pool.open(new FileStore(root, { leaseMs: 1000 }), "quiet"));
      b.commit((s) => {
        s.count = 9;
      });
      b.writer.end({ status: "completed", step: 1, at: Date.now() });
      await b.writer.close();
      await a.close();
      const meta = JSON.parse(readFileSync(join(threadDir("quiet"), "meta.json"), "utf8"));
      assert.deepEqual([meta.epoch, meta.status, meta.step], [2, "completed", 1]);
      const info = await store.getThread("quiet");
      assert.equal(info?.status, "completed");
      assert.equal(info.step, 1);
    });

    it("ignores and removes a segment a writer died before linking, and refuses an empty segment as damage", async () => {
      const run = await build("half");
      const temp = join(threadDir("half"), `.journal-000002.ndjson.${(await deadProcess()).pid}.abcd1234.tmp`);
      writeFileSync(temp, encodeLine({ seq: 0, type: "segment", format: JOURNAL_FORMAT, version: 1, epoch: 2, at: 0 }).slice(0, 20));
      assert.equal((await store.getThread("half"))?.step, 3);
      const writer = await pool.open(store, "half");
      assert.equal(writer.epoch, 2);
      assert.deepEqual(writer.resume.state, run.states.get(3));
      assert.equal(existsSync(temp), false, "the dead writer's temporary segment is removed");
      await writer.close();
      await store.verify("half");

      writeFileSync(journal("half", 3), "");
      const error = await expectCode(store.verify("half"), "STORE_CORRUPT");
      assert.match(error.message, /journal-000003\.ndjson: damaged at byte 0: the journal segment is empty/);
      await expectCode(store.open("half"), "STORE_CORRUPT");
    });

    it("trusts a summary only when the journal's newest writer wrote it", async () => {
      await build("old-meta");
      const oldMeta = readFileSync(join(threadDir("old-meta"), "meta.json"));
      const holder = await startHolder(root, "old-meta", "open", 2);
      holder.child.kill("SIGKILL");
      await exited(holder.child);
      // As if the second owner died before its first summary reached the disk.
      writeFileSync(join(threadDir("old-meta"), "meta.json"), oldMeta);
      const info = await store.getThread("old-meta");
      assert.equal(info?.status, "interrupted");
      assert.equal(info.step, 5);
    });
  });

  describe("cost", () => {
    it("grows the journal by the size of each change, not of the state, across reopens", async function () {
      this.timeout(120_000);
      const big = "b".repeat(1 << 20);
      let writer = await pool.create(store, newThread("cost", { big, n: 0, log: [] }));
      let run = new StepDriver(writer);
      const start = statSync(journal("cost")).size;
      assert.ok(start > big.length);
      const steps = 60;
      for (let i = 1; i <= steps; i++) {
        run.commit((s: StateValues) => {
          s.n = i;
          (s.log as unknown[]).push(`entry ${i}`);
        });
        if (i % 10 === 0) {
          await writer.close();
          writer = await pool.open(store, "cost");
          run = new StepDriver(writer);
        }
      }
      await writer.close();
      const total = readdirSync(threadDir("cost"))
        .filter((f) => f.startsWith("journal-"))
        .reduce((n, f) => n + statSync(join(threadDir("cost"), f)).size, 0);
      const perStep = (total - start) / steps;
      assert.ok(perStep < big.length / 100, `the journal grew ${Math.round(perStep)} bytes per step with a ${big.length}-byte value in the state`);
      assert.equal((await store.history("cost")).records.filter((r) => r.type === "snapshot").length, 0);
      const reopened = await pool.open(store, "cost");
      assert.equal(reopened.resume.state.big, big);
      assert.equal(reopened.resume.state.n, steps);
    });
  });

  describe("identifiers", () => {
    it("writes nothing anywhere for an invalid id", async () => {
      for (const id of ["../x", "__proto__", "x".repeat(10 * 1024), "../../etc"]) {
        await expectCode(store.create(newThread(id)), "INVALID_ID");
      }
      assert.deepEqual(readdirSync(tmp), [], "not even the store directory");
      await build("real");
      const listing = () => readdirSync(tmp, { recursive: true }).map(String).sort();
      const before = listing();
      for (const id of ["../x", "__proto__", "x".repeat(10 * 1024), "../threads"]) {
        await expectCode(store.create(newThread(id), { replace: true }), "INVALID_ID");
        await expectCode(store.fork("real", 1, id), "INVALID_ID");
        await expectCode(store.open(id), "INVALID_ID");
        await expectCode(store.delete(id), "INVALID_ID");
      }
      assert.deepEqual(listing(), before);
    });
  });

  // ---- helpers ----

  interface Holder {
    child: ChildProcess;
    pid: number;
  }

  async function startHolder(storeRoot: string, thread: string, mode: "create" | "open", steps: number): Promise<Holder> {
    const child = fork(HOLDER, [storeRoot, thread, mode, String(steps)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.push(child);
    const ready = (await message(child)) as { type: string; pid: number; message?: string };
    assert.equal(ready.type, "ready", ready.message);
    return { child, pid: ready.pid };
  }
});

function message(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      child.off("exit", onExit);
      resolve(m);
    };
    const onExit = (code: number | null, signal: string | null) => {
      child.off("message", onMessage);
      reject(new Error(`the child exited (${code ?? signal}) before answering`));
    };
    child.once("message", onMessage);
    child.once("exit", onExit);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await exited(child);
}

/** The identity of a process that existed a moment ago and is now dead (and reaped). */
async function deadProcess(): Promise<{ pid: number; start: string | null }> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  const identity = { pid: child.pid!, start: processStartTime(child.pid!) };
  assert.ok(identity.start, "a live process has a start time");
  child.kill("SIGKILL");
  await exited(child);
  return identity;
}

/** Resolves once `path` holds JSON (fails after 10 s). */
async function untilWritten(path: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await untilExists(path);
    try {
      JSON.parse(readFileSync(path, "utf8"));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${path} held no JSON within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** Resolves once `path` exists (fails after 10 s). */
function untilExists(path: string): Promise<void> {
  if (existsSync(path)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(path), () => {
      if (!existsSync(path)) return;
      clearTimeout(timer);
      watcher.close();
      resolve();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${path} did not appear within 10 s`));
    }, 10_000);
    if (existsSync(path)) {
      clearTimeout(timer);
      watcher.close();
      resolve();
    }
  });
}

/** Resolves when the file's attributes or contents change (fails after 10 s). */
function untilChanged(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(path, () => {
      clearTimeout(timer);
      watcher.close();
      resolve();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${path} did not change within 10 s`));
    }, 10_000);
  });
}
