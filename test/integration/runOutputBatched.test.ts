import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { finished, runCli, startCli, waitForEvent, workspace } from "./cli";

/**
 * `run` writes its lines in batches (one write for many steps); what it prints must still be all there,
 * in the order it happened, when the run waits, crashes or is killed at a fault point.
 */
describe("run output, written in batches", function () {
  this.timeout(120_000);
  const ws = workspace("dg-batched-");
  after(() => ws.dispose());
  before(() => {
    ws.copy("test/integration/graphs/chatty.graph.ts", "chatty.graph.ts");
    ws.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
  });

  it("keeps a node's own writes to stdout in their place among the run's lines", async () => {
    const result = await runCli(["run", "chatty.graph.ts", "--thread", "order"], { cwd: ws.dir });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split("\n");
    for (const step of [1, 2, 3]) {
      const started = lines.findIndex((line) => /^ {2}step \d+ {2}tick …$/.test(line) && line.includes(`step ${step} `));
      const raw = lines.indexOf(`raw line of step ${step}`);
      const done = lines.findIndex((line) => line.includes(`step ${step}  tick ✓`));
      assert.ok(started !== -1 && started < raw && raw < done, `step ${step}: started ${started}, raw ${raw}, finished ${done}\n${result.stdout}`);
    }
    assert.match(result.stdout, /completed at step 3\n\{\n {2}"count": 3\n\}\n$/);
  });

  it("shows what happened while the run waits in a slow node", async () => {
    const hold = join(ws.dir, "release");
    const child = startCli(["run", "chatty.graph.ts", "--thread", "waits", "--json"], { cwd: ws.dir, env: { HOLD_FILE: hold } });
    const done = finished(child);
    // Step 2's node is waiting for the file: step 1's commit and step 2's start reach the reader anyway.
    await waitForEvent(child, (event) => event.type === "node-started" && event.step === 2);
    writeFileSync(hold, "");
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.events.flatMap((e) => (e.type === "checkpoint" ? [e.step] : [])), [1, 2, 3]);
  });

  it("prints everything up to a rehearsed crash (--crash-at: SIGKILL)", async () => {
    const result = await runCli(["run", "durable.graph.ts", "--thread", "killed", "--crash-at", "after-commit:step_1"], { cwd: ws.dir });
    assert.equal(result.signal, "SIGKILL");
    assert.match(result.stdout, /step 1 {2}step_1 ✓/);
    assert.match(result.stdout, /step 1 {2}checkpoint committed → next: step_2\n$/);
  });

  it("prints everything up to a node's process.exit", async () => {
    const result = await runCli(["run", "durable.graph.ts", "--thread", "exits"], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /step 1 {2}checkpoint committed → next: step_2\n {2}step 2 {2}step_2 …\n.*\n {4}step_2 │ !!! CRASHING at step 2 \(CRASH=true\) !!!\n$/);
  });
});
