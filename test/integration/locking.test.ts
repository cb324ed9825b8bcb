import assert from "node:assert/strict";
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

  it("fences a stalled owner (SIGSTOP) whose lock was taken over: after SIGCONT it cannot commit", async () => {
    const env = { SLOW_STEPS: "6", SLOW_MS: "150", DURABLE_GRAPHS_LEASE_MS: "600" };
    const stalled = startCli(["run", "slow.graph.ts", "--thread", "stalled", "--json"], { cwd: ws.dir, env });
    const stalledResult = finished(stalled);
    await waitForEvent(stalled, (e) => e.type === "checkpoint" && e.step === 1);
    stalled.kill("SIGSTOP");
    // The owner is alive but silent: once its lease has run out, another process may take over.
    let successor;
    for (let tries = 0; ; tries++) {
      successor = await runCli(["resume", "stalled", "--json"], { cwd: ws.dir, env });
      if (successor.code !== 3) break;
      assert.ok(tries < 50, "the stalled owner's lease runs out");
    }
    assert.equal(successor.code, 0, successor.stderr);
    stalled.kill("SIGCONT");
    const late = await stalledResult;
    assert.equal(late.code, 3, `the stalled run is fenced off: ${late.stdout}${late.stderr}`);
    const failed = late.events.find((e) => e.type === "failed");
    assert.ok(failed?.type === "failed" && failed.error.code === "FENCED");
    assert.match(failed.error.message, /thread stalled was taken over/);

    const shown = await runCli(["show", "stalled", "--state", "--json"], { cwd: ws.dir });
    const state = (shown.json[0] as { state: { count: number; by: number[] } }).state;
    assert.equal(state.count, 6, "the successor's run is intact");
    const successorStart = successor.events[0];
    assert.ok(successorStart?.type === "run-started");
    assert.ok(!state.by.slice(successorStart.step).some((pid) => pid !== successorStart.pid), "every step after the takeover is the successor's");
    const verify = await runCli(["verify", "stalled"], { cwd: ws.dir });
    assert.equal(verify.code, 0, verify.stderr);
  });
});
