import assert from "node:assert/strict";
import { execFile, fork } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { RunEvent } from "../../../src/core/protocol/runEvents";
import { finished, REPO, runCli, startCli, waitForEvent, workspace } from "../cli";

const EXAMPLE = join(REPO, "examples", "langgraph");
const FAN_OUT = resolve(__dirname, "fixtures", "fanOut.graph.ts");

/** The example's files and its own dependencies, installed from its lockfile as a user would (`npm ci`). */
async function installExample(dir: string): Promise<void> {
  for (const name of ["agent.graph.ts", "package.json", "package-lock.json"]) copyFileSync(join(EXAMPLE, name), join(dir, name));
  copyFileSync(FAN_OUT, join(dir, "fanOut.graph.ts"));
  await promisify(execFile)("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
}

const started = (events: RunEvent[]) => events.flatMap((e) => (e.type === "node-started" ? [`${e.step}:${e.node}`] : []));

interface ThreadRow {
  id: string;
  status: string;
  step: number;
  next: string[];
  engine?: string;
  forkedFrom?: { thread: string; step: number };
  questions?: { node: string; value: unknown }[];
}

describe("unmodified LangGraph.js graph files run in the CLI and the runner", function () {
  this.timeout(180_000);
  const ws = workspace("dg-lg-run-");
  const effects = join(ws.dir, "effects.txt");
  before(async () => installExample(ws.dir));
  after(() => ws.dispose());

  const threads = async (): Promise<ThreadRow[]> => JSON.parse((await runCli(["threads", "--json"], { cwd: ws.dir })).stdout) as ThreadRow[];

  it("runs the example to its approval interrupt, takes the answer, and completes", async () => {
    const run = await runCli(["run", "agent.graph.ts", "--thread", "report", "--input", '{"topic":"Q3"}', "--json"], { cwd: ws.dir });
    assert.equal(run.code, 11, run.stdout + run.stderr);
    const asked = run.events.find((e) => e.type === "node-waiting");
    assert.deepEqual(asked && asked.type === "node-waiting" ? [asked.node, asked.value] : undefined, ["approval", { question: "Send this report?", report: "Q3: 4 findings after 2 rounds" }]);
    // The loop went round twice, the two tools in parallel in one step each time.
    assert.deepEqual(started(run.events).sort(), ["1:planner", "2:calculate", "2:search", "3:review", "4:planner", "5:calculate", "5:search", "6:review", "7:approval"]);
    assert.ok(run.events.some((e) => e.type === "log" && e.node === "planner" && e.message === "planning round 1 on Q3"), "a node's console line is its log");

    const row = (await threads()).find((t) => t.id === "report");
    assert.deepEqual([row?.status, row?.engine, row?.questions?.[0]?.node], ["waiting", "langgraph", "approval"]);
    const again = await runCli(["resume", "report"], { cwd: ws.dir });
    assert.equal(again.code, 11, "without an answer it keeps waiting");
    assert.match(again.stderr, /waiting for input: node "approval" asks/);

    const answered = await runCli(["resume", "report", "--answer", '{"approved": true}', "--json"], { cwd: ws.dir });
    assert.equal(answered.code, 0, answered.stdout + answered.stderr);
    assert.deepEqual(started(answered.events), ["7:approval", "8:send"]);
    const done = answered.events.find((e) => e.type === "done");
    assert.equal(done?.type === "done" ? done.state.sent : undefined, "sent: Q3: 4 findings after 2 rounds");
    const shown = await runCli(["show", "report", "--state", "--json"], { cwd: ws.dir });
    assert.equal((JSON.parse(shown.stdout) as { state: { approved: boolean } }).state.approved, true);
    assert.equal((await threads()).find((t) => t.id === "report")?.status, "completed");
  });

  it("CRASH=true exits in review, and the same command resumes at review: the planner and the tools do not run again", async () => {
    const crashed = await runCli(["run", "agent.graph.ts", "--thread", "seed", "--input", '{"topic":"Q4"}'], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(crashed.code, 1, crashed.stdout + crashed.stderr);
    assert.match(crashed.stdout, /review │ !!! CRASHING in review/);
    const resumed = await runCli(["run", "agent.graph.ts", "--thread", "seed", "--input", '{"topic":"Q4"}', "--json"], { cwd: ws.dir });
    assert.equal(resumed.code, 11, resumed.stdout + resumed.stderr);
    const first = resumed.events[0];
    assert.deepEqual(first?.type === "run-started" ? [first.resumed, first.step, first.next] : undefined, [true, 2, ["review"]]);
    assert.deepEqual(started(resumed.events).slice(0, 2), ["3:review", "4:planner"]);
  });

  it("a SIGKILL inside the parallel step: the branch that finished is not run again", async () => {
    writeFileSync(effects, "");
    const env = { EFFECTS_FILE: effects };
    const killed = await runCli(["run", "fanOut.graph.ts", "--thread", "fan", "--crash-at", "after-node:left"], { cwd: ws.dir, env: { ...env, HOLD_RIGHT: "1" } });
    assert.equal(killed.signal, "SIGKILL", killed.stdout + killed.stderr);
    assert.deepEqual(readFileSync(effects, "utf8").split("\n").filter(Boolean).sort(), ["left", "plan", "right"]);
    assert.equal((await threads()).find((t) => t.id === "fan")?.status, "interrupted");

    const resumed = await runCli(["resume", "fan", "--json"], { cwd: ws.dir, env });
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const left = resumed.events.find((e) => e.type === "node-finished" && e.node === "left");
    assert.equal(left?.type === "node-finished" && left.replayed, true, "left is reported as done before, not run");
    assert.deepEqual(readFileSync(effects, "utf8").split("\n").filter(Boolean).sort(), ["join", "left", "plan", "right", "right"], "left ran once; right, killed under way, twice");
    const done = resumed.events.find((e) => e.type === "done");
    assert.deepEqual(done?.type === "done" ? [...(done.state.visited as string[])].sort() : undefined, ["join", "left", "plan", "right"]);
  });

  it("--crash-at before-commit and after-commit kill around the step's checkpoint; run continues the thread", async () => {
    for (const [point, step, next] of [["before-commit:search", 1, ["search", "calculate"]], ["after-commit:search", 2, ["review"]]] as const) {
      const thread = point.replace(":", "-");
      const killed = await runCli(["run", "agent.graph.ts", "--thread", thread, "--crash-at", point, "--input", '{"topic":"x"}'], { cwd: ws.dir });
      assert.equal(killed.signal, "SIGKILL", killed.stdout + killed.stderr);
      const row = (await threads()).find((t) => t.id === thread);
      assert.deepEqual([row?.status, row?.step, [...(row?.next ?? [])].sort()], ["interrupted", step, [...next].sort()], point);
      const resumed = await runCli(["run", "agent.graph.ts", "--thread", thread, "--input", '{"topic":"x"}'], { cwd: ws.dir });
      assert.equal(resumed.code, 11, resumed.stdout + resumed.stderr);
    }
    const typo = await runCli(["run", "agent.graph.ts", "--thread", "typo", "--crash-at", "after-node:serch"], { cwd: ws.dir });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /--crash-at names node "serch", which the graph does not have/);
  });

  it("fork at a step makes a thread that starts there; resume continues it", async () => {
    const forked = await runCli(["fork", "seed", "--at", "3", "--thread", "seed-again"], { cwd: ws.dir });
    assert.equal(forked.code, 0, forked.stdout + forked.stderr);
    const row = (await threads()).find((t) => t.id === "seed-again");
    assert.deepEqual([row?.engine, row?.step, row?.next, row?.forkedFrom], ["langgraph", 3, ["planner"], { thread: "seed", step: 3 }]);
    const resumed = await runCli(["resume", "seed-again", "--json"], { cwd: ws.dir });
    assert.equal(resumed.code, 11, resumed.stdout + resumed.stderr);
    assert.deepEqual(started(resumed.events)[0], "4:planner");
  });

  it("describe (the editor's diagram) draws the graph from LangGraph's own structure, routers' edges conditional", async () => {
    const child = fork(join(REPO, "dist", "runner.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    const reply = await new Promise<Record<string, unknown>>((resolveReply) => {
      child.on("message", (message) => resolveReply(message as Record<string, unknown>));
      child.send({ type: "describe", file: join(ws.dir, "agent.graph.ts") });
    });
    assert.equal(reply.type, "graph", JSON.stringify(reply));
    assert.deepEqual(reply.nodes, ["planner", "search", "calculate", "review", "approval", "send"]);
    const edges = reply.edges as { from: string; to: string; conditional: boolean }[];
    assert.deepEqual(edges.filter((e) => e.conditional).map((e) => `${e.from}->${e.to}`).sort(), ["review->approval", "review->planner"]);
    assert.ok(edges.some((e) => e.from === "__start__" && e.to === "planner" && !e.conditional));
    assert.equal(reply.engine, "langgraph");
  });

  it("Ctrl-C mid-step cancels: exit 130, the thread says cancelled (not interrupted), and resume does not rerun the finished branch", async () => {
    // `right` waits a minute (a timer keeps the process alive) while `left` finishes.
    writeFileSync(join(ws.dir, "slow.graph.ts"), readFileSync(FAN_OUT, "utf8").replace("await new Promise(() => undefined)", "await new Promise((r) => setTimeout(r, 60_000))"));
    const env = { EFFECTS_FILE: effects, HOLD_RIGHT: "1" };
    writeFileSync(effects, "");
    const child = startCli(["run", "slow.graph.ts", "--thread", "cancelled", "--json"], { cwd: ws.dir, env });
    const result = finished(child);
    await waitForEvent(child, (e) => e.type === "node-finished" && e.node === "left");
    child.kill("SIGINT");
    const run = await result;
    assert.equal(run.code, 130, run.stdout + run.stderr);
    assert.ok(run.events.some((e) => e.type === "cancelled"));
    assert.equal((await threads()).find((t) => t.id === "cancelled")?.status, "cancelled");
    const resumed = await runCli(["resume", "cancelled", "--json"], { cwd: ws.dir, env: { EFFECTS_FILE: effects } });
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.deepEqual(readFileSync(effects, "utf8").trim().split("\n"), ["plan", "left", "right", "right", "join"], "left ran once");
  });
});

describe("a LangGraph.js graph whose folder has no @langchain/langgraph installed", function () {
  this.timeout(60_000);
  const ws = workspace("dg-lg-missing-");
  after(() => ws.dispose());

  it("says so in one line, naming the folder to run npm install in, and exits 2", async () => {
    copyFileSync(join(EXAMPLE, "agent.graph.ts"), join(ws.dir, "agent.graph.ts"));
    copyFileSync(join(EXAMPLE, "package.json"), join(ws.dir, "package.json"));
    const run = await runCli(["run", "agent.graph.ts"], { cwd: ws.dir });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `durable-graphs: this graph imports @langchain/langgraph, which is not installed in ${ws.dir}: run npm install there\n`);
    assert.equal((await runCli(["threads", "--json"], { cwd: ws.dir })).stdout.trim(), "[]", "nothing was written");
  });
});
