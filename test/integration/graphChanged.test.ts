import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { runCli, workspace } from "./cli";

/** A graph edited so that it no longer fits the thread's stored state: refused with exit 2, nothing written. */
describe("resuming with a graph that no longer fits the stored state", function () {
  this.timeout(60_000);
  const ws = workspace("dg-changed-");
  after(() => ws.dispose());

  it("exits 2 (bad input: nothing written) with the ways forward, and the thread is left as it was", async function () {
    const file = ws.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
    const crashed = await runCli(["run", "durable.graph.ts", "--thread", "t"], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(crashed.code, 1, crashed.stderr);
    const before = await runCli(["show", "t", "--json"], { cwd: ws.dir });
    writeFileSync(file, readFileSync(file, "utf8").replace("steps: z.array(z.string())", "steps: z.array(z.number())"));

    const json = await runCli(["resume", "t", "--json"], { cwd: ws.dir });
    const error = (json.json.at(-1) as { error?: { code: string } }).error;
    assert.equal(json.code, 2);
    assert.equal(error?.code, "GRAPH_CHANGED");

    const human = await runCli(["resume", "t"], { cwd: ws.dir });
    assert.equal(human.code, 2);
    assert.match(human.stderr, /^durable-graphs: .*"steps\.0"/);
    assert.match(human.stderr, /nothing was written: restore the graph's earlier version .*fork t --at STEP/);
    assert.doesNotMatch(human.stderr, /fix the graph/);
    const after = await runCli(["show", "t", "--json"], { cwd: ws.dir });
    assert.deepEqual((after.json[0] as { records: unknown[] }).records, (before.json[0] as { records: unknown[] }).records, "nothing was written");
  });
});
