import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli, workspace } from "./cli";

describe("the seed's crash-and-resume story (CLI, real processes)", () => {
  const ws = workspace();
  after(() => ws.dispose());
  const graph = "examples/durable-execution/durable.graph.ts";

  it("crashes in step_2 with CRASH=true, then resumes at step_2 without running step_1 again", async () => {
    ws.copy(graph, "durable.graph.ts");
    const crashed = await runCli(["run", "durable.graph.ts", "--thread", "demo", "--json"], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(crashed.code, 1, crashed.stderr);
    const started1 = crashed.events.filter((e) => e.type === "node-started").map((e) => (e.type === "node-started" ? e.node : ""));
    assert.deepEqual(started1, ["step_1", "step_2"]);
    assert.deepEqual(
      crashed.events.filter((e) => e.type === "checkpoint").map((e) => (e.type === "checkpoint" ? e.step : -1)),
      [1],
      "only step 1 was committed before the crash",
    );
    assert.ok(!crashed.events.some((e) => e.type === "done" || e.type === "failed"), "a crash reports no end");
    assert.ok(existsSync(join(ws.dir, ".durable", ".gitignore")), "the store keeps itself out of git");

    const resumed = await runCli(["run", "durable.graph.ts", "--thread", "demo", "--json"], { cwd: ws.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    const first = resumed.events[0];
    assert.ok(first && first.type === "run-started");
    assert.equal(first.resumed, true);
    assert.equal(first.step, 1);
    assert.deepEqual(first.lastNodes, ["step_1"]);
    assert.deepEqual(first.next, ["step_2"]);
    const started2 = resumed.events.flatMap((e) => (e.type === "node-started" ? [e.node] : []));
    assert.deepEqual(started2, ["step_2", "step_3"], "step_1 is not run again");
    const done = resumed.events.at(-1);
    assert.ok(done && done.type === "done");
    assert.deepEqual(done.state, { steps: ["step_1", "step_2", "step_3"], result: "step_1 -> step_2 -> step_3" });
  });

  it("tells a person the same story in plain words", async () => {
    const crashed = await runCli(["run", "durable.graph.ts", "--thread", "words"], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(crashed.code, 1);
    const resumed = await runCli(["run", "durable.graph.ts", "--thread", "words"], { cwd: ws.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /found its checkpoint at step 1 \(after step_1\)/);
    assert.match(resumed.stdout, /resuming at step_2/);
    assert.match(resumed.stdout, /"result": "step_1 -> step_2 -> step_3"/);
    assert.doesNotMatch(resumed.stdout, /step_1 …/, "step_1 is not started again");
  });

  it("lists the threads and shows the history", async () => {
    const threads = await runCli(["threads", "--json"], { cwd: ws.dir });
    assert.equal(threads.code, 0);
    const list = threads.json[0] as { id: string; status: string; step: number; lastNodes: string[] }[];
    const demo = list.find((t) => t.id === "demo");
    assert.ok(demo);
    assert.equal(demo.status, "completed");
    assert.equal(demo.step, 3);
    assert.deepEqual(demo.lastNodes, ["step_3"]);
    const table = await runCli(["threads"], { cwd: ws.dir });
    assert.match(table.stdout, /ID\s+GRAPH\s+STATUS\s+LAST NODE\s+STEPS\s+UPDATED/);
    assert.match(table.stdout, /demo\s+durable\.graph\.ts\s+completed\s+step_3\s+3/);
    const show = await runCli(["show", "demo"], { cwd: ws.dir });
    assert.equal(show.code, 0);
    assert.equal(show.stdout.match(/step_1 ✓/g)?.length, 1, "the history holds step_1 once");
    assert.match(show.stdout, /resuming after step 1/);
  });
});
