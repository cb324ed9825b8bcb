import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, finished, runCli, startCli, workspace } from "./cli";

/** What a user trying the hardened CLI by hand found, each checked the way they found it. */
describe("the CLI as a user found it", function () {
  this.timeout(120_000);
  const ws = workspace("dg-found-");
  const threadDir = (id: string) => join(ws.dir, ".durable", "threads", id);
  const journal = (id: string) => join(threadDir(id), "journal-000001.ndjson");
  before(() => {
    ws.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
    ws.copy("test/integration/graphs/slow.graph.ts", "slow.graph.ts");
  });
  after(() => ws.dispose());

  it("notices a committed step cut from the journal at a record boundary, even when the run died at once", async () => {
    const crashed = await runCli(["run", "durable.graph.ts", "--thread", "cut"], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(crashed.code, 1, crashed.stderr);
    const lines = readFileSync(journal("cut"), "utf8").split("\n");
    // Drop step 1's node and checkpoint records (one compact line, or two) and what follows: whole lines, no torn tail.
    const compact = lines.findIndex((line) => line.startsWith('{"q":') && line.includes('"s":1,'));
    const checkpoint = lines.findIndex((line) => line.includes('"type":"checkpoint"') && line.includes('"step":1'));
    assert.ok(compact !== -1 || checkpoint !== -1, "step 1 is in the journal");
    writeFileSync(journal("cut"), `${lines.slice(0, compact !== -1 ? compact : checkpoint - 1).join("\n")}\n`);
    const before = readFileSync(journal("cut"));
    const verify = await runCli(["verify", "cut"], { cwd: ws.dir });
    assert.equal(verify.code, 5, verify.stdout + verify.stderr);
    assert.match(verify.stderr, /committed step 1: committed records are missing/);
    const run = await runCli(["run", "durable.graph.ts", "--thread", "cut"], { cwd: ws.dir });
    assert.equal(run.code, 5, run.stdout + run.stderr);
    assert.ok(readFileSync(journal("cut")).equals(before), "nothing was appended");
  });

  it("finishes a run whose reader went away (`run | head -1`) instead of stopping it halfway", async () => {
    const child = spawn("sh", ["-c", `"${process.execPath}" "${CLI}" run slow.graph.ts --thread piped | head -1`], {
      cwd: ws.dir,
      env: { ...process.env, NO_COLOR: "1", SLOW_STEPS: "4", SLOW_MS: "50" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const piped = await finished(child);
    assert.equal(piped.code, 0, piped.stderr);
    const threads = await runCli(["threads", "--json"], { cwd: ws.dir });
    const thread = (threads.json[0] as { id: string; status: string; step: number }[]).find((t) => t.id === "piped");
    assert.deepEqual([thread?.status, thread?.step], ["completed", 4]);
  });

  it("never reports damage while verifying a thread that is being run", async () => {
    const runner = startCli(["run", "slow.graph.ts", "--thread", "live"], { cwd: ws.dir, env: { SLOW_STEPS: "150", SLOW_MS: "2" } });
    const running = finished(runner);
    let verified = 0;
    while (runner.exitCode === null && verified < 40) {
      const verify = await runCli(["verify", "live"], { cwd: ws.dir });
      if (verify.code === 4) continue; // not created yet
      assert.ok(verify.code === 0 || verify.code === 10, `verify during a run: exit ${verify.code} ${verify.stderr}`);
      verified++;
    }
    assert.equal((await running).code, 0);
    assert.ok(verified > 0);
  });

  it("lists threads past a stray file in the threads directory, and names a damaged store.json", async () => {
    writeFileSync(join(ws.dir, ".durable", "threads", "notes.txt"), "x");
    const listed = await runCli(["threads", "--json"], { cwd: ws.dir });
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(Array.isArray(listed.json[0]));
    const other = workspace("dg-found-marker-");
    try {
      other.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
      assert.equal((await runCli(["run", "durable.graph.ts", "--thread", "m"], { cwd: other.dir })).code, 0);
      writeFileSync(join(other.dir, ".durable", "store.json"), "{bad");
      const run = await runCli(["run", "durable.graph.ts", "--thread", "n"], { cwd: other.dir });
      assert.equal(run.code, 5, run.stderr);
      assert.match(run.stderr, /store\.json: damaged at byte 0: not JSON/);
      assert.doesNotMatch(run.stderr, /fix the graph|\n\s+at /);
    } finally {
      other.dispose();
    }
  });

  it("refuses a graph whose state key was renamed (even with a default), writing nothing", async () => {
    const file = join(ws.dir, "rename.graph.ts");
    writeFileSync(file, readFileSync(join(ws.dir, "durable.graph.ts"), "utf8"));
    const crashed = await runCli(["run", "rename.graph.ts", "--thread", "rn"], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(crashed.code, 1, crashed.stderr);
    writeFileSync(file, readFileSync(file, "utf8").replace(/\bsteps\b/g, "done"));
    const files = readdirSync(threadDir("rn")).map((name) => [name, readFileSync(join(threadDir("rn"), name), "utf8")]);
    const resumed = await runCli(["resume", "rn"], { cwd: ws.dir });
    assert.equal(resumed.code, 2, resumed.stdout + resumed.stderr);
    assert.match(resumed.stderr, /stored state holds "steps", which the state schema .* no longer has/);
    assert.deepEqual(readdirSync(threadDir("rn")).map((name) => [name, readFileSync(join(threadDir("rn"), name), "utf8")]), files, "nothing was written");
  });
});
