import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPO, startCli, workspace } from "./cli";
import { readSlowly } from "./slowReader";

/** A run's event stream (`run --json`, the runner's NDJSON) arrives whole through a slow pipe. */
describe("run events read through a slow pipe", function () {
  this.timeout(120_000);
  const ws = workspace("dg-runpipe-");
  const STEPS = 1500;
  const env = { SLOW_MS: "0", SLOW_STEPS: String(STEPS) };
  after(() => ws.dispose());
  before(() => ws.copy("test/integration/graphs/slow.graph.ts", "slow.graph.ts"));

  const lines = (text: string) => text.trimEnd().split("\n").map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });

  it("run --json: every event, up to `done`", async () => {
    const result = await readSlowly(startCli(["run", "slow.graph.ts", "--thread", "cli", "--json"], { cwd: ws.dir, env }));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.length > 64 * 1024);
    const events = lines(result.stdout);
    assert.equal(events.filter((e) => e.type === "checkpoint").length, STEPS);
    assert.equal(events.at(-1)!.type, "done");
  });

  it("the runner run directly: every message, up to its result", async () => {
    const request = { storeDir: join(ws.dir, ".durable"), workspace: ws.dir, thread: "runner", mode: "run", file: "slow.graph.ts" };
    const child = spawn(process.execPath, [join(REPO, "dist", "runner.js"), JSON.stringify(request)], {
      cwd: ws.dir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The reader starts after the run is over (it takes about 2 s): all of the tail is still queued.
    const result = await readSlowly(child, { startMs: 3000 });
    assert.equal(result.code, 0, result.stderr);
    const messages = lines(result.stdout);
    assert.equal(messages.filter((m) => m.type === "event").length > STEPS, true);
    assert.deepEqual(messages.at(-1), { type: "result", status: "completed", step: STEPS });
  });
});
