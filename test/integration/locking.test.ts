import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { finalState, finished, runCli, startCli, waitForEvent, workspace } from "./cli";

describe("one writer per thread (real processes, real signals)", function () {
  this.timeout(120_000);
  const ws = workspace("dg-lock-");
  before(() => ws.copy("test/integration/graphs/slow.graph.ts", "slow.graph.ts"));
  after(() => ws.dispose());

  it("lets exactly one of two concurrent runs proceed; the other names the process holding the thread", async () => {
    const env = { SLOW_STEPS: "3", SLOW_MS: "300" };
    const first = startCli(["run", "slow.graph.ts", "--thread", "shared", "--json"], { cwd: ws.dir, env });
    const firstResult = finished(first);
    await waitForEvent(first, (e) => e.type === "node-started");
    const second = await runCli(["run", "slow.graph.ts", "--thread", "shared"], { cwd: ws.dir, env });
    assert.equal(second.code, 3, second.stderr);
    assert.match(second.stderr, new RegExp(`thread shared is being run by process ${first.pid}`));
    const done = await firstResult;
    assert.equal(done.code, 0, done.stderr);
    const state = finalState<{ count: number; by: number[] }>(done);
    assert.equal(state.count, 3);
    assert.deepEqual(new Set(state.by), new Set([first.pid]), "every step was made by the one run that proceeded");
  });

  it("takes over a killed owner's lock at once, without waiting for its lease", async () => {
    // A lease of a minute: a takeover that waited for it would fail this test; a dead owner is seen at once.
    const env = { SLOW_STEPS: "4", SLOW_MS: "200", DURABLE_GRAPHS_LEASE_MS: "60000" };
    const owner = startCli(["run", "slow.graph.ts", "--thread", "killed", "--json"], { cwd: ws.dir, env });
    const ownerResult = finished(owner);
    await waitForEvent(owner, (e) => e.type === "checkpoint" && e.step === 1);
    owner.kill("SIGKILL");
    assert.equal((await ownerResult).signal, "SIGKILL");
    const started = Date.now();
    const resumed = await runCli(["resume", "killed", "--json"], { cwd: ws.dir, env });
    assert.equal(resumed.code, 0, resumed.stderr);
    const first = resumed.events[0];
    assert.ok(first?.type === "run-started" && first.resumed && first.step >= 1);
    console.log(`      took over and finished ${Date.now() - started} ms after the kill`);
  });

  it("never takes over a live owner whose node blocks the event loop past the lease: its task runs once", async () => {
    ws.copy("test/integration/graphs/blocking.graph.ts", "blocking.graph.ts");
    const effects = join(ws.dir, "effects.txt");
    writeFileSync(effects, "");
    // A lease far shorter than the block: an owner judged by its heartbeat would be taken over.
    const env = { BLOCK_MS: "1500", BLOCK_STEPS: "2", EFFECTS_FILE: effects, DURABLE_GRAPHS_LEASE_MS: "200" };
    const owner = startCli(["run", "blocking.graph.ts", "--thread", "blocked", "--json"], { cwd: ws.dir, env });
    const ownerResult = finished(owner);
    await until(() => readFileSync(effects, "utf8").length > 0);
    // The owner is inside its node, its event loop blocked for 1.5 s.
    let refused = 0;
    while (readFileSync(effects, "utf8").split("\n").length < 3 && owner.exitCode === null) {
      const other = await runCli(["resume", "blocked"], { cwd: ws.dir, env });
      if (owner.exitCode !== null) break;
      assert.equal(other.code, 3, `a second process must not take the thread over: ${other.stdout}${other.stderr}`);
      assert.match(other.stderr, new RegExp(`being run by process ${owner.pid}`));
      refused++;
    }
    const done = await ownerResult;
    assert.equal(done.code, 0, done.stderr);
    assert.ok(refused >= 1, "a takeover was attempted while the owner was blocked");
    const keys = readFileSync(effects, "utf8").trim().split("\n");
    assert.deepEqual(keys, ["blocked/1/charge/charge-card", "blocked/2/charge/charge-card"], "each task's side effect ran once, with a stable idempotency key");
    assert.deepEqual(finalState<{ keys: string[] }>(done).keys, keys);
    console.log(`      ${refused} takeover attempts refused while the owner's event loop was blocked`);
  });
});

/** Resolves once `condition` holds, checking every 20 ms (fails after 20 s). */
async function until(condition: () => boolean): Promise<void> {
  for (const started = Date.now(); !condition(); ) {
    if (Date.now() - started > 20_000) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
