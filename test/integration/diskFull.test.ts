import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { CLI, finished, runCli, workspace } from "./cli";

/**
 * The store's disk fills up mid-run. `ulimit -f` stands in for a full disk without a mount: writes past
 * the limit fail with EFBIG (Node ignores SIGXFSZ), which the store counts as no space (STORE_NO_SPACE).
 */
describe("a run whose store runs out of space", function () {
  this.timeout(60_000);
  const ws = workspace("dg-full-");
  const env = { ...process.env, NO_COLOR: "1", SLOW_MS: "0", SLOW_STEPS: "200" };
  after(() => ws.dispose());
  before(() => ws.copy("test/integration/graphs/slow.graph.ts", "slow.graph.ts"));

  it("stops with exit 7 and one line naming the file and the cause; resume then finishes the thread", async function () {
    // 16 KiB of journal: a few dozen steps, then the next append fails.
    const child = spawn("/bin/sh", ["-c", `ulimit -f 16 && exec "${process.execPath}" "${CLI}" run slow.graph.ts --thread t`], {
      cwd: ws.dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const full = await finished(child);
    assert.equal(full.code, 7, full.stderr);
    // The run's own report (stdout) or the CLI's error line (stderr), depending on where the write failed.
    const told = `${full.stdout}${full.stderr}`;
    const said = told.split("\n").filter((line) => /file too large|no space/.test(line));
    assert.equal(said.length, 1, told);
    assert.match(said[0]!, /journal-\d+\.ndjson/, "names the file");
    assert.match(told, /`durable-graphs resume t` continues from the last checkpoint; nothing committed was lost/);
    assert.doesNotMatch(told, /^\s+at /m, "no stack");
    assert.doesNotMatch(told, /fix the graph|bad usage|node work/);

    const resumed = await runCli(["resume", "t", "--json"], { cwd: ws.dir, env });
    assert.equal(resumed.code, 0, resumed.stderr);
    const done = resumed.events.at(-1);
    assert.ok(done?.type === "done" && (done.state as { count: number }).count === 200);
    assert.equal((await runCli(["verify", "t"], { cwd: ws.dir })).code, 0);
  });
});
