import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDurableError } from "../../src/core/errors";
import { executeThread } from "../../src/core/executor/executeThread";
import { nextNodes } from "../../src/core/executor/routing";
import { END, START, StateGraph, z } from "../../src/core/sdk/index";
import type { StateValues } from "../../src/core/sdk/types";
import { FileStore } from "../../src/core/store/file/fileStore";
import { FailingFs } from "../unit/store/helpers/failingFs";
import { markOwnerGone } from "./helpers/ownerGone";
import { seededRandom } from "./helpers/seededRandom";

/**
 * A disk that fills up at a random point of a run (a short write tearing the record being written, then
 * ENOSPC for every write), and a store that is read-only. The run must stop with the store's error —
 * naming the file and "no space left on device" — never blamed on the graph; everything committed
 * before must still be there; and once space is freed the thread resumes to the same end as an
 * uninterrupted run, without running again a node or a task whose completion was recorded.
 */
const TRIALS = Number(process.env.TORTURE_DISK_FULL ?? 150);
const SEED = Number(process.env.TORTURE_SEED ?? 20261129);
const ROUNDS = 12;

/** Side effects by idempotency key, across every run of a trial. */
let effects = new Map<string, number>();

const State = z.object({ log: z.array(z.string()).default([]), n: z.number().default(0), paid: z.array(z.string()).default([]) });
const graph = new StateGraph(State, { reducers: { log: (a: string[], b: string[]) => a.concat(b), paid: (a: string[], b: string[]) => a.concat(b) } })
  .addNode("work", async (s, ctx) => {
    const receipt = await ctx.task("pay", ({ idempotencyKey }) => {
      effects.set(idempotencyKey, (effects.get(idempotencyKey) ?? 0) + 1);
      return `paid ${idempotencyKey}`;
    });
    return { log: [`w${s.n}`], n: s.n + 1, paid: [receipt] };
  })
  .addNode("side", (s) => ({ log: [`s${s.n}`] }))
  .addEdge(START, "work")
  .addConditionalEdges("work", (s) => (s.n >= ROUNDS ? END : s.n % 2 === 0 ? ["work", "side"] : "work"), ["work", "side", END])
  .addEdge("side", "work")
  .compile();

async function create(store: FileStore) {
  const state = graph.schema.parse({}) as StateValues;
  return store.create({ thread: "t", graph: "full.graph.ts", state, next: await nextNodes(graph, [START], state) });
}

describe("torture: a full disk and a read-only store", function () {
  this.timeout(600_000);
  let finalState: StateValues;
  let callsPerRun: number;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), "dg-full-ref-"));
    const counting = new FailingFs();
    const store = new FileStore(join(dir, ".durable"), { fs: counting });
    const writer = await create(store);
    finalState = (await executeThread({ graph, writer })).state;
    await writer.close();
    callsPerRun = counting.writingCalls;
    rmSync(dir, { recursive: true, force: true });
  });

  it(`stops with the store's error at ${TRIALS} random points of a run, loses nothing, and resumes once space is freed`, async () => {
    const random = seededRandom(SEED);
    const started = Date.now();
    const counts = { duringCreate: 0, tornTails: 0, midRun: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = mkdtempSync(join(tmpdir(), "dg-full-"));
      const where = `trial ${trial} (TORTURE_SEED=${SEED})`;
      effects = new Map();
      try {
        const disk = new FailingFs();
        const store = new FileStore(join(dir, ".durable"), { fs: disk });
        disk.fullAfter(1 + Math.floor(random() * callsPerRun));
        let committed = -1;
        let error: unknown;
        try {
          const writer = await create(store);
          committed = 0;
          try {
            const result = await executeThread({ graph, writer, onEvent: (e) => void (e.type === "checkpoint" && (committed = e.step)) });
            error = result.error ? Object.assign(new Error(result.error.message), { code: result.error.code }) : undefined;
          } finally {
            await writer.close();
          }
        } catch (thrown) {
          error = thrown;
        }
        if (error === undefined) continue; // the disk filled after the run's last write
        const code = (error as { code?: string }).code;
        assert.equal(code, "STORE_NO_SPACE", `${where}: ${String(error)}`);
        assert.match((error as Error).message, /^no space left on device \w+ \/.*\.durable/, where);
        if (committed < 0) counts.duringCreate++;
        else counts.midRun++;

        // Space is freed. (This process stands for the one that stopped: its ownership ends with it.)
        disk.heal();
        const after = new FileStore(join(dir, ".durable"));
        if ((await after.getThread("t")) === undefined) {
          assert.equal(committed, -1, `${where}: the thread vanished after step ${committed} was committed`);
          const threads = join(dir, ".durable", "threads");
          if (existsSync(threads)) assert.deepEqual(readdirSync(threads), [], `${where}: a half-built thread is left`);
          continue;
        }
        markOwnerGone(join(dir, ".durable", "threads", "t"));
        const report = await after.verify("t");
        if (report.tornTail) counts.tornTails++;
        assert.ok(report.step >= committed, `${where}: step ${committed} was committed, the journal ends at ${report.step}`);
        const paidBefore = new Map(effects);
        const writer = await after.open("t");
        const recordedTasks = writer.resume.tasks.size;
        const result = await executeThread({ graph, writer });
        await writer.close();
        assert.equal(result.status, "completed", `${where}: ${result.error?.message}`);
        assert.deepEqual(result.state, finalState, `${where}: the final state differs from an uninterrupted run`);
        for (const [key, times] of effects) assert.ok(times <= (paidBefore.has(key) ? 2 : 1), `${where}: task ${key} ran ${times} times`);
        void recordedTasks;
        await after.verify("t");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(
      `      ${TRIALS} disks filled (seed ${SEED}; ~${callsPerRun} writing calls per run): ${counts.duringCreate} while creating the thread, ${counts.midRun} mid-run ` +
        `(${counts.tornTails} leaving a torn tail); each resumed to the uninterrupted run's end; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  it("refuses to run on a read-only store with the store's error, changing nothing, and resumes once it is writable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dg-ro-"));
    try {
      effects = new Map();
      const disk = new FailingFs();
      const store = new FileStore(join(dir, ".durable"), { fs: disk });
      const writer = await create(store);
      const stopped = await executeThread({ graph, writer, stepLimit: 3 });
      await writer.close();
      assert.equal(stopped.error?.code, "STEP_LIMIT");
      const threadDir = join(dir, ".durable", "threads", "t");
      const before = readdirSync(threadDir).map((name) => [name, readFileSync(join(threadDir, name), "utf8")]);

      disk.readOnly();
      const refused = await store.open("t").then(
        () => assert.fail("opened a thread on a read-only store"),
        (error: unknown) => error,
      );
      assert.ok(isDurableError(refused, "STORE_READ_ONLY"), String(refused));
      assert.match(refused.message, /^read-only file system \w+ \/.*threads\/t\//);
      assert.deepEqual(readdirSync(threadDir).map((name) => [name, readFileSync(join(threadDir, name), "utf8")]), before, "nothing was written");
      const creating = await create(new FileStore(join(dir, "other"), { fs: disk })).then(
        () => assert.fail("created a store on a read-only disk"),
        (error: unknown) => error,
      );
      assert.ok(isDurableError(creating, "STORE_READ_ONLY"), String(creating));

      disk.heal();
      const resumed = await store.open("t");
      const result = await executeThread({ graph, writer: resumed });
      await resumed.close();
      assert.equal(result.status, "completed");
      assert.deepEqual(result.state, finalState);
      assert.ok([...effects.values()].every((times) => times === 1), "no task ran twice");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
