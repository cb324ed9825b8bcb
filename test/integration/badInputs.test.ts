import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { finished, runCli, startCli, workspace } from "./cli";

const HEADER = `import { END, START, StateGraph, z } from "durable-graphs";\nconst State = z.object({ n: z.number().default(0), when: z.unknown().optional() });\n`;

describe("bad inputs: one clear error, nothing written", function () {
  this.timeout(60_000);
  const ws = workspace("dg-bad-");
  after(() => ws.dispose());
  const file = (name: string, body: string) => writeFileSync(join(ws.dir, name), body);
  const nothingWritten = (thread = "t") => assert.ok(!existsSync(join(ws.dir, ".durable", "threads", thread)), "no thread was written");
  const noStackTrace = (stderr: string) => assert.doesNotMatch(stderr, /^\s+at /m, "no raw stack trace");

  it("a graph file with a syntax error names file:line", async () => {
    file("syntax.graph.ts", `${HEADER}export default new StateGraph(State)\n  .addNode("a", async (s) => ({ n: s.n + 1 })\n  .addEdge(START, "a");\n`);
    const r = await runCli(["run", "syntax.graph.ts", "--thread", "t"], { cwd: ws.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /syntax\.graph\.ts:5:\d+: Expected "\)" but found ";"/);
    noStackTrace(r.stderr);
    nothingWritten();
  });

  it("a graph file without a default export says what to export", async () => {
    file("nodefault.graph.ts", `${HEADER}export const graph = new StateGraph(State).addNode("a", async () => ({})).addEdge(START, "a").addEdge("a", END);\n`);
    const r = await runCli(["run", "nodefault.graph.ts", "--thread", "t"], { cwd: ws.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nodefault\.graph\.ts has no default export/);
    noStackTrace(r.stderr);
    nothingWritten();
  });

  it("an edge to an unknown node names the node and the line", async () => {
    file("unknown.graph.ts", `${HEADER}export default new StateGraph(State)\n  .addNode("fetch", async () => ({}))\n  .addEdge(START, "fetch")\n  .addEdge("fetch", "summarise")\n  .addEdge("fetch", END);\n`);
    const r = await runCli(["run", "unknown.graph.ts", "--thread", "t"], { cwd: ws.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown\.graph\.ts:6:\d+: edge fetch -> summarise refers to unknown node "summarise"/);
    noStackTrace(r.stderr);
    nothingWritten();
  });

  it("input failing the state schema names the key", async () => {
    file("ok.graph.ts", `${HEADER}export default new StateGraph(State)\n  .addNode("a", async (s) => ({ n: s.n + 1 }))\n  .addEdge(START, "a").addEdge("a", END);\n`);
    const r = await runCli(["run", "ok.graph.ts", "--thread", "t", "--input", '{"n":"three"}'], { cwd: ws.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the input does not match the state schema: n: .*expected number/);
    noStackTrace(r.stderr);
    nothingWritten();
    const notJson = await runCli(["run", "ok.graph.ts", "--thread", "t", "--input", "{n:3}"], { cwd: ws.dir });
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--input is not valid JSON/);
    nothingWritten();
  });

  it("a node result that is not JSON-serialisable names the node and the key, and is never stored", async () => {
    file("date.graph.ts", `${HEADER}export default new StateGraph(State)\n  .addNode("a", async (s) => ({ n: s.n + 1 }))\n  .addNode("stamp", async () => ({ when: { at: new Date() } }))\n  .addEdge(START, "a").addEdge("a", "stamp").addEdge("stamp", END);\n`);
    const r = await runCli(["run", "date.graph.ts", "--thread", "dated"], { cwd: ws.dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /node stamp \(last checkpoint: step 1\): node "stamp" wrote an instance of Date to "when\.at", which cannot be stored as JSON/);
    const shown = await runCli(["show", "dated", "--state", "--json"], { cwd: ws.dir });
    const view = shown.json[0] as { step: number; state: Record<string, unknown> };
    assert.equal(view.step, 1, "the failing step was not committed");
    assert.equal(view.state.when, undefined);
  });

  for (const [label, id] of [
    ["../x", "../x"],
    ["__proto__", "__proto__"],
    ["10 KB long", "a".repeat(10 * 1024)],
  ] as const) {
    it(`thread id ${label} is refused`, async () => {
      file("ok.graph.ts", `${HEADER}export default new StateGraph(State)\n  .addNode("a", async (s) => ({ n: s.n + 1 }))\n  .addEdge(START, "a").addEdge("a", END);\n`);
      const r = await runCli(["run", "ok.graph.ts", "--thread", id], { cwd: ws.dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /thread id .*(not allowed|the limit is 128)/);
      noStackTrace(r.stderr);
      const threads = join(ws.dir, ".durable", "threads");
      assert.deepEqual(existsSync(threads) ? readdirSync(threads).filter((n) => !n.startsWith("dated")) : [], []);
      assert.ok(!existsSync(join(ws.dir, "x")));
    });
  }
});

describe("running the same command again", function () {
  this.timeout(60_000);
  const ws = workspace("dg-again-");
  after(() => ws.dispose());

  it("resumes an unfinished thread when --input is the one it started with, and refuses another input", async () => {
    ws.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
    const input = '{"steps":["seeded"]}';
    const crashed = await runCli(["run", "durable.graph.ts", "--thread", "again", "--input", input], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(crashed.code, 1);
    const again = await runCli(["run", "durable.graph.ts", "--thread", "again", "--input", input, "--json"], { cwd: ws.dir });
    assert.equal(again.code, 0, again.stderr);
    assert.ok(again.events[0]?.type === "run-started" && again.events[0].resumed);
    const other = await runCli(["run", "durable.graph.ts", "--thread", "again", "--input", '{"steps":["other"]}'], { cwd: ws.dir });
    assert.equal(other.code, 2);
    assert.match(other.stderr, /was started with another input; pass --fresh/);
  });

  it("checks --crash-at against the graph's nodes", async () => {
    const r = await runCli(["run", "durable.graph.ts", "--thread", "typo", "--crash-at", "after-commit:step_9"], { cwd: ws.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--crash-at names node "step_9", which the graph does not have/);
    assert.ok(!existsSync(join(ws.dir, ".durable", "threads", "typo")));
  });

  it("names the thread, not the file, in what to do next", async () => {
    const first = startCli(["run", "durable.graph.ts", "--thread", "busy"], { cwd: ws.dir, env: { CRASH: "true" } });
    await finished(first);
    const r = await runCli(["run", "durable.graph.ts", "--crash-at", "after-commit:step_9"], { cwd: ws.dir });
    assert.doesNotMatch(r.stderr, /resume durable\.graph\.ts/);
  });
});
