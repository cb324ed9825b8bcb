import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, workspace } from "./cli";

/** A graph file saved with Windows line endings runs, and errors point at its lines as an editor numbers them. */
describe("a graph file with CRLF line endings", function () {
  this.timeout(60_000);
  const ws = workspace("dg-crlf-");
  after(() => ws.dispose());

  const lines = [
    'import { END, START, StateGraph, z } from "durable-graphs";',
    "",
    "const State = z.object({ n: z.number().default(0) });",
    "",
    "export default new StateGraph(State)",
    '  .addNode("one", () => ({ n: 1 }))',
    '  .addNode("two", () => {',
    '    if (process.env.FAIL === "1") throw new Error("two broke");',
    "    return { n: 2 };",
    "  })",
    '  .addEdge(START, "one")',
    '  .addEdge("one", "two")',
    '  .addEdge("two", END);',
  ];

  it("completes, and a node's error names line 8", async () => {
    writeFileSync(join(ws.dir, "crlf.graph.ts"), `${lines.join("\r\n")}\r\n`);
    const ok = await runCli(["run", "crlf.graph.ts", "--thread", "ok", "--json"], { cwd: ws.dir });
    assert.equal(ok.code, 0, ok.stderr);
    const failed = await runCli(["run", "crlf.graph.ts", "--thread", "bad"], { cwd: ws.dir, env: { FAIL: "1" } });
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /two broke/);
    assert.match(failed.stdout, /at crlf\.graph\.ts:8:/);
  });

  it("a graph mistake names its line too", async () => {
    const broken = lines.map((line) => line.replace('.addEdge("one", "two")', '.addEdge("one", "tow")'));
    writeFileSync(join(ws.dir, "broken.graph.ts"), `${broken.join("\r\n")}\r\n`);
    const run = await runCli(["run", "broken.graph.ts"], { cwd: ws.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.graph\.ts:12:\d+: .*"tow".*did you mean "two"/);
  });
});
