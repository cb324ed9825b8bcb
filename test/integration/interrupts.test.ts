import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { runCli, workspace, type CliResult } from "./cli";

/** Every file of a thread's directory with its size: "nothing was written" means this does not change. */
function threadFiles(dir: string, thread: string): Record<string, number> {
  const at = join(dir, ".durable", "threads", thread);
  return Object.fromEntries(readdirSync(at).map((name) => [name, statSync(join(at, name)).size]));
}

function lines(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

describe("waiting for input, through the CLI (real processes)", function () {
  this.timeout(300_000);
  const ws = workspace("dg-ask-");
  after(() => ws.dispose());

  it("the approval example: exit 11 with the question; threads and show list it; a wrong answer names the field and writes nothing; the answer completes it", async () => {
    ws.copy("examples/approval/approval.graph.ts", "approval.graph.ts");
    const run = await runCli(["run", "approval.graph.ts", "--thread", "memo"], { cwd: ws.dir });
    assert.equal(run.code, 11, run.stderr);
    assert.match(run.stdout, /review \? asks: \{"draft":"Hello all, a short note about the team offsite\.","question":"Approve this draft\?"\}/);
    assert.match(run.stdout, /answer review: durable-graphs resume memo --answer '\{"approved":true\}'/);

    const threads = await runCli(["threads"], { cwd: ws.dir });
    assert.match(threads.stdout, /memo\s+approval\.graph\.ts\s+waiting for input\s+draft\s+1/);
    assert.match(threads.stdout, /\? memo: review asks \{"draft":.*\} — answer: \{ approved: boolean, edits\?: string \}/);
    const listed = (await runCli(["threads", "--json"], { cwd: ws.dir })).json[0] as { id: string; status: string; questions: { node: string }[] }[];
    assert.deepEqual(listed.map((t) => [t.id, t.status, t.questions.map((q) => q.node)]), [["memo", "waiting", ["review"]]]);

    const before = threadFiles(ws.dir, "memo");
    const plain = await runCli(["resume", "memo"], { cwd: ws.dir });
    assert.equal(plain.code, 11);
    assert.match(plain.stderr, /thread memo is waiting for input: node "review" asks/);
    const wrong = await runCli(["resume", "memo", "--answer", '{"approved":"yes"}'], { cwd: ws.dir });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /the answer to node "review" does not fit its schema: approved: .*expected boolean/);
    assert.match(wrong.stderr, /nothing was written/);
    const notJson = await runCli(["resume", "memo", "--answer", "yes"], { cwd: ws.dir });
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--answer is not valid JSON/);
    assert.deepEqual(threadFiles(ws.dir, "memo"), before, "no refused answer wrote anything");

    const done = await runCli(["resume", "memo", "--answer", '{"approved":true,"edits":"See you in Lisbon."}', "--json"], { cwd: ws.dir });
    assert.equal(done.code, 0, done.stderr);
    const state = done.events.find((e) => e.type === "done");
    assert.equal(state?.type === "done" && state.state.draft, "See you in Lisbon.");
    const show = await runCli(["show", "memo"], { cwd: ws.dir });
    assert.match(show.stdout, /step 2 {2}review \? asked \{"draft"/);
    assert.match(show.stdout, /step 2 {2}review ↳ answered by \S+: \{"approved":true,"edits":"See you in Lisbon\."\}/);
    assert.match(show.stdout, /waiting for input/);
  });

  it("reads an answer from a file; refuses --node naming a node that asks nothing; a summary written after a takeover lists the open question", async () => {
    ws.copy("test/integration/graphs/asking.graph.ts", "asking.graph.ts");
    const env = { SIDE_EFFECTS_DIR: ws.dir };
    const run = await runCli(["run", "asking.graph.ts", "--thread", "files", "--json"], { cwd: ws.dir, env });
    assert.equal(run.code, 11);
    const waiting = run.events.find((e) => e.type === "waiting");
    assert.deepEqual(waiting?.type === "waiting" && waiting.questions.map((q) => q.node).sort(), ["left", "right"]);
    const unknown = await runCli(["resume", "files", "--node", "send", "--answer", '{"vote":"yes"}'], { cwd: ws.dir, env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /node "send" of thread files asks nothing now; open questions: node "left" asks/);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(ws.dir, "vote.json"), '{"vote":"no","why":"too early"}');
    const fromFile = await runCli(["resume", "files", "--node", "right", "--answer-file", "vote.json"], { cwd: ws.dir, env });
    assert.equal(fromFile.code, 11, fromFile.stderr);
    assert.match(fromFile.stdout, /answer left: durable-graphs resume files --answer '\{"vote":"yes"\}'/);
    assert.ok(statSync(join(ws.dir, ".durable", "threads", "files", "meta.json")).size > 0, "this path reads the thread's summary");
    const listed = (await runCli(["threads", "--json"], { cwd: ws.dir })).json[0] as { id: string; status: string; questions?: { node: string; value: unknown }[] }[];
    const files = listed.find((t) => t.id === "files");
    assert.equal(files?.status, "waiting");
    assert.deepEqual(files?.questions?.map((q) => [q.node, q.value]), [["left", { ask: "left, your vote?" }]]);
  });

  // The rule under test: an answer, once journalled, is never asked for again, and a task done is not
  // done again, wherever the process is killed between the answer and the step's commit.
  it("SIGKILLs between an answer being recorded and the step's commit: the answer is not asked again, each side effect happens once", async () => {
    const points = [
      { name: "node gets its answer, then the process dies", env: { KILL_AFTER_ANSWER: "left" } },
      { name: "after the answered node is recorded", args: ["--crash-at", "after-node:left"] },
      { name: "just before the commit", args: ["--crash-at", "before-commit:left"] },
    ];
    const ITERATIONS = Number(process.env.DG_INTERRUPT_KILLS ?? 30);
    let kills = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const point = points[i % points.length]!;
      const thread = `k${i}`;
      const effects = join(ws.dir, `effects-${i}`);
      (await import("node:fs")).mkdirSync(effects);
      const env = { SIDE_EFFECTS_DIR: effects };
      const asked = await runCli(["run", "asking.graph.ts", "--thread", thread], { cwd: ws.dir, env });
      assert.equal(asked.code, 11, asked.stderr);
      // Answer right first (its node finishes and is recorded), then left, killed at the point.
      const right = await runCli(["resume", thread, "--node", "right", "--answer", '{"vote":"yes"}'], { cwd: ws.dir, env });
      assert.equal(right.code, 11, right.stderr);
      const killed: CliResult = await runCli(["resume", thread, "--node", "left", "--answer", '{"vote":"no"}', ...(point.args ?? [])], {
        cwd: ws.dir,
        env: { ...env, ...(point.env ?? {}) },
      });
      assert.equal(killed.signal, "SIGKILL", `${point.name}: ${killed.stdout}${killed.stderr}`);
      kills++;
      // No answer given: it was journalled before the kill, so the thread goes on without asking.
      const resumed = await runCli(["resume", thread, "--json"], { cwd: ws.dir, env });
      assert.equal(resumed.code, 0, `${point.name}: ${resumed.stdout}${resumed.stderr}`);
      assert.ok(!resumed.events.some((e) => e.type === "node-waiting"), `${point.name}: asked again`);
      const done = resumed.events.find((e) => e.type === "done");
      assert.deepEqual(done?.type === "done" && [...(done.state.answers as string[])].sort(), ["left:no", "right:yes"], point.name);
      assert.deepEqual(lines(join(effects, "prepared.log")).sort(), ["left", "right"], `${point.name}: each node prepared once`);
      assert.deepEqual(lines(join(effects, "sent.log")), ["left:no,right:yes"], `${point.name}: sent once`);
      const history = (await runCli(["show", thread, "--json"], { cwd: ws.dir })).json[0] as { records: { type: string; node?: string }[] };
      assert.deepEqual(
        history.records.filter((r) => r.type === "answer").map((r) => r.node),
        ["right", "left"],
        `${point.name}: each answer journalled once`,
      );
    }
    assert.equal(kills, ITERATIONS);
  });

  it("an answer the node's own schema refuses is asked again with the reason (exit 11, not a thread stuck in failed); a payload of megabytes is clipped on every line a person reads", async () => {
    ws.copy("test/integration/graphs/pickyAnswer.graph.ts", "picky.graph.ts");
    const run = await runCli(["run", "picky.graph.ts", "--thread", "picky"], { cwd: ws.dir });
    assert.equal(run.code, 11, run.stderr);
    const longest = (text: string) => Math.max(...text.split("\n").map((line) => line.length));
    assert.ok(longest(run.stdout) < 400, `run prints no line of megabytes (longest: ${longest(run.stdout)})`);
    assert.match(run.stdout, /ask \? asks: \{"q":"say yes","attachment":"x+… \(3,000,031 characters\)/);
    assert.match(run.stdout, /answer ask: durable-graphs resume picky --answer/, "the way to answer is still on screen");

    const refused = await runCli(["resume", "picky", "--answer", '"no"'], { cwd: ws.dir });
    assert.equal(refused.code, 11, refused.stderr);
    assert.match(refused.stdout, /asked again: the answer to node "ask" does not fit its schema: \(answer\): must start with y/);
    const threads = await runCli(["threads"], { cwd: ws.dir });
    assert.match(threads.stdout, /picky\s+picky\.graph\.ts\s+waiting for input/);
    assert.match(threads.stdout, /asked again: .*must start with y/);
    assert.ok(longest(threads.stdout) < 400);

    const done = await runCli(["resume", "picky", "--answer", '"yes"'], { cwd: ws.dir });
    assert.equal(done.code, 0, done.stderr);
    const show = await runCli(["show", "picky"], { cwd: ws.dir });
    assert.match(show.stdout, /ask ↳ answered by \S+: "no"/);
    assert.match(show.stdout, /ask \? asked again \{"q":"say yes".*must start with y/);
    assert.ok(longest(show.stdout) < 600, `show prints no line of megabytes (longest: ${longest(show.stdout)})`);
    const json = (await runCli(["show", "picky", "--json"], { cwd: ws.dir })).stdout;
    assert.ok(json.length > 6_000_000, "--json still carries each question whole");
  });
});
