import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeThread } from "../../src/core/executor/executeThread";
import { nextNodes } from "../../src/core/executor/routing";
import { END, START, StateGraph, z } from "../../src/core/sdk/index";
import { FileStore } from "../../src/core/store/file/fileStore";
import type { StateValues } from "../../src/core/sdk/types";
import { PowerLoss, PowerLossFs } from "../unit/store/helpers/powerLossFs";
import { markOwnerGone } from "./helpers/ownerGone";
import { seededRandom } from "./helpers/seededRandom";

/**
 * Simulated power losses in fsync mode, at the store's file-system boundary: the machine stops at a
 * random call (creating the thread, a node's completion, a commit, a snapshot, a takeover and its seal),
 * and the disk keeps only what was synced — each file as of its last sync, each directory's entries as
 * of its last sync. The thread must then open and hold every commit that was synced before the power
 * went (a commit is synced before `commit` returns, so before its `checkpoint` event). A random part of
 * what was written after a file's last sync may survive too (torn tails, unsynced records). Half the
 * trials first kill a run part-way (what it wrote is in the page cache, not necessarily on disk), so the
 * power loss comes after a takeover, whose seal of the previous segment must be on disk too.
 */
const TRIALS = Number(process.env.TORTURE_POWER_LOSSES ?? 200);
const SEED = Number(process.env.TORTURE_SEED ?? 20261129);
const ROUNDS = 24;

const State = z.object({ log: z.array(z.string()).default([]), blob: z.string().default(""), n: z.number().default(0) });
const graph = new StateGraph(State, { reducers: { log: (a: string[], b: string[]) => a.concat(b) } })
  .addNode("work", (s) => ({ log: [`w${s.n}`], n: s.n + 1, blob: s.n % 5 === 0 ? "x".repeat(3000 + s.n) : s.blob }))
  .addNode("side", (s) => ({ log: [`s${s.n}`] }))
  .addEdge(START, "work")
  .addConditionalEdges("work", (s) => (s.n >= ROUNDS ? END : s.n % 3 === 0 ? ["work", "side"] : "work"), ["work", "side", END])
  .addEdge("side", "work")
  .compile();

async function create(store: FileStore) {
  const state = graph.schema.parse({}) as StateValues;
  return store.create({ thread: "t", graph: "loss.graph.ts", state, next: await nextNodes(graph, [START], state) });
}

/** Creates or takes over the thread and runs it until it ends or the power goes; returns the last synced step. */
async function runUntilLoss(store: FileStore, fresh: boolean): Promise<{ synced: number; lost: boolean }> {
  let synced = -1;
  try {
    const writer = fresh ? await create(store) : await store.open("t");
    synced = writer.resume.step;
    try {
      await executeThread({ graph, writer, onEvent: (e) => void (e.type === "checkpoint" && (synced = e.step)) });
    } finally {
      await writer.close().catch(() => undefined);
    }
    return { synced, lost: false };
  } catch (error) {
    if (error instanceof PowerLoss) return { synced, lost: true };
    throw error;
  }
}

/** The state an uninterrupted run commits at each step. */
async function referenceStates(): Promise<Map<number, StateValues>> {
  const dir = mkdtempSync(join(tmpdir(), "dg-ref-"));
  try {
    const store = new FileStore(join(dir, ".durable"));
    const writer = await create(store);
    await executeThread({ graph, writer });
    await writer.close();
    const states = new Map<number, StateValues>();
    for (const checkpoint of await store.checkpoints("t")) states.set(checkpoint.step, (await store.checkpoint("t", checkpoint.step)).state);
    return states;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("torture: power loss in fsync mode", function () {
  this.timeout(600_000);

  it(`keeps every synced commit through ${TRIALS} simulated power losses, half of them after a takeover of a killed run`, async () => {
    const reference = await referenceStates();
    const finalState = [...reference.values()].at(-1);
    const random = seededRandom(SEED);
    const started = Date.now();
    const counts = { afterTakeover: 0, beforeFirstCommit: 0, repairedTails: 0, stepsKept: 0 };
    // How many mutating file-system calls one whole run makes: the power goes at a random one of them.
    const probeDir = mkdtempSync(join(tmpdir(), "dg-probe-"));
    const probe = new PowerLossFs(probeDir);
    await runUntilLoss(new FileStore(join(probeDir, ".durable"), { durability: "fsync", fs: probe }), true);
    const callsPerRun = probe.mutatingCalls;
    rmSync(probeDir, { recursive: true, force: true });

    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = mkdtempSync(join(tmpdir(), "dg-loss-"));
      const threadDir = join(dir, ".durable", "threads", "t");
      const where = `trial ${trial} (TORTURE_SEED=${SEED})`;
      try {
        const disk = new PowerLossFs(dir, random);
        const storeOn = () => new FileStore(join(dir, ".durable"), { durability: "fsync", fs: disk });
        let exists = false;
        let syncedBefore = -1;
        if (random() < 0.5) {
          disk.failAfter(1 + Math.floor(random() * callsPerRun * 0.7));
          syncedBefore = (await runUntilLoss(storeOn(), true)).synced;
          disk.killed(); // a kill, not a power loss: what was written is in the page cache, not yet on disk
          exists = (await new FileStore(join(dir, ".durable")).getThread("t")) !== undefined;
          if (exists) {
            markOwnerGone(threadDir);
            counts.afterTakeover++;
          }
        }
        disk.failAfter(1 + Math.floor(random() * callsPerRun));
        const run = await runUntilLoss(storeOn(), !exists);
        disk.powerLoss();
        const synced = Math.max(run.synced, syncedBefore);

        const after = new FileStore(join(dir, ".durable"));
        if ((await after.getThread("t")) === undefined) {
          assert.equal(synced, -1, `${where}: the thread vanished, but step ${synced} had been synced (first run: ${syncedBefore}, existed: ${exists}; second run: ${run.synced})`);
          counts.beforeFirstCommit++;
          continue;
        }
        markOwnerGone(threadDir);
        const report = await after.verify("t").catch((error: Error) => assert.fail(`${where}: verify refused the thread after a power loss: ${error.message}`));
        assert.ok(report.step >= synced, `${where}: the journal ends at step ${report.step}, but step ${synced} had been synced`);
        if (report.tornTail) counts.repairedTails++;
        counts.stepsKept += report.step;
        for (const checkpoint of await after.checkpoints("t")) {
          assert.deepEqual((await after.checkpoint("t", checkpoint.step)).state, reference.get(checkpoint.step), `${where}: step ${checkpoint.step} differs from an uninterrupted run`);
        }
        // And it runs on to the same end as an uninterrupted run.
        const writer = await after.open("t");
        const result = await executeThread({ graph, writer });
        await writer.close();
        assert.equal(result.status, "completed", `${where}: ${result.error?.message}`);
        assert.deepEqual(result.state, finalState, `${where}: the final state differs from an uninterrupted run`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(
      `      ${TRIALS} power losses (seed ${SEED}; ~${callsPerRun} file-system calls per run): ${counts.afterTakeover} after a takeover, ` +
        `${counts.beforeFirstCommit} before the thread's first commit was synced, ${counts.repairedTails} left a torn tail; ` +
        `every synced commit kept; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});
