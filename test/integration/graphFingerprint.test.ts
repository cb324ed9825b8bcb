import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, workspace } from "./cli";

/** Every file of a thread's directory and a hash of its bytes: a refused resume must leave it exactly so. */
function threadFiles(dir: string, thread: string): Record<string, string> {
  const threadDir = join(dir, ".durable", "threads", thread);
  const files: Record<string, string> = {};
  for (const name of readdirSync(threadDir).sort()) files[name] = createHash("sha256").update(readFileSync(join(threadDir, name))).digest("hex");
  return files;
}

interface Listed {
  id: string;
  graphChanged?: { changes: string[]; resumes: string; reason?: string };
}

/**
 * The graph file is edited while a thread is unfinished: `threads` says what changed and whether it
 * can resume; a resume runs what fits (and the history marks the switch), refuses what does not
 * before writing anything, and the ways forward (--accept-changes, fork --migrate) work.
 */
describe("resuming after the graph changed (fingerprints)", function () {
  this.timeout(120_000);
  const ws = workspace("dg-fingerprint-");
  after(() => ws.dispose());

  async function crashedThread(thread: string): Promise<string> {
    const file = ws.copy("examples/durable-execution/durable.graph.ts", `${thread}.graph.ts`);
    const crashed = await runCli(["run", `${thread}.graph.ts`, "--thread", thread], { cwd: ws.dir, env: { CRASH: "true" } });
    assert.equal(crashed.code, 1, crashed.stderr);
    return file;
  }
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(file, "utf8");
    assert.ok(text.includes(from), `the example has ${from}`);
    writeFileSync(file, text.replace(from, to));
  };
  const listed = async (thread: string) => {
    const threads = await runCli(["threads", "--json"], { cwd: ws.dir });
    return (threads.json[0] as Listed[]).find((t) => t.id === thread)!;
  };

  it("a changed node resumes on the new code; threads, the run and show say what changed", async function () {
    const file = await crashedThread("code");
    assert.equal((await listed("code")).graphChanged, undefined, "nothing changed yet");
    edit(file, `return { steps: ["step_2"] };`, `return { steps: ["step_2 (v2)"] };`);

    const drift = (await listed("code")).graphChanged;
    assert.deepEqual(drift?.changes, ["node step_2 changed"]);
    assert.equal(drift?.resumes, "yes");
    const human = await runCli(["threads"], { cwd: ws.dir });
    assert.match(human.stdout, /code: the graph changed since its last run \(\w+ → \w+\): node step_2 changed — resume runs it on the new graph/);

    const resumed = await runCli(["resume", "code"], { cwd: ws.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /the graph changed since the thread's last run .*: node step_2 changed/);
    assert.match(resumed.stdout, /step_1 -> step_2 \(v2\) -> step_3/);
    const show = await runCli(["show", "code"], { cwd: ws.dir });
    assert.match(show.stdout, /◆ graph changed since the previous run \(\w+ → \w+\): node step_2 changed\n.*run by process \d+, resuming after step 1/);
  });

  it("a step that now routes elsewhere is refused with nothing written, and --accept-changes runs the recorded next node", async function () {
    const file = await crashedThread("routed");
    edit(file, `.addEdge("step_1", "step_2")`, `.addEdge("step_1", "step_3")`);
    const drift = (await listed("routed")).graphChanged;
    assert.deepEqual(drift?.changes, ["edges from step_1 changed"]);
    assert.equal(drift?.resumes, "accept-changes");
    const before = threadFiles(ws.dir, "routed");

    const refused = await runCli(["resume", "routed"], { cwd: ws.dir });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /stopped after step_1 due to run step_2, but routed\.graph\.ts now routes from there to step_3/);
    assert.match(refused.stderr, /nothing was written: `durable-graphs resume routed --accept-changes` runs the nodes the thread was due to run/);
    assert.deepEqual(threadFiles(ws.dir, "routed"), before, "no segment added, no byte changed");

    const accepted = await runCli(["resume", "routed", "--accept-changes", "--json"], { cwd: ws.dir });
    assert.equal(accepted.code, 0, accepted.stderr);
    const started = accepted.events.find((e) => e.type === "run-started");
    assert.deepEqual(started?.type === "run-started" ? started.graphChanged?.changes : undefined, ["edges from step_1 changed"]);
    assert.deepEqual(accepted.events.filter((e) => e.type === "node-finished").map((e) => (e.type === "node-finished" ? e.node : "")), ["step_2", "step_3"]);
  });

  it("a stored state the schema no longer fits is refused even with --accept-changes; fork --migrate carries it over", async function () {
    const file = await crashedThread("schema");
    edit(file, "steps: z.array(z.string()).default([])", "steps: z.array(z.object({ name: z.string() })).default([])");
    edit(file, `return { steps: ["step_1"] };`, `return { steps: [{ name: "step_1" }] };`);
    edit(file, `return { steps: ["step_2"] };`, `return { steps: [{ name: "step_2" }] };`);
    edit(file, `return { steps: ["step_3"], result: [...state.steps, "step_3"].join(" -> ") };`, `return { steps: [{ name: "step_3" }], result: [...state.steps.map((s) => s.name), "step_3"].join(" -> ") };`);
    edit(file, "done: string[], added: string[]", "done: { name: string }[], added: { name: string }[]");
    const drift = (await listed("schema")).graphChanged;
    assert.equal(drift?.resumes, "no");
    assert.ok(drift?.changes.includes("key steps changed"), JSON.stringify(drift));
    assert.match(drift?.reason ?? "", /"steps\.0"/);
    const before = threadFiles(ws.dir, "schema");

    for (const args of [["resume", "schema"], ["resume", "schema", "--accept-changes"]]) {
      const refused = await runCli(args, { cwd: ws.dir });
      assert.equal(refused.code, 2, args.join(" "));
      assert.match(refused.stderr, /no longer matches the graph's state schema at "steps\.0"/);
      assert.match(refused.stderr, /--migrate.*migrate\(state, fromFingerprint\).*durable-graphs reset schema/);
    }
    assert.deepEqual(threadFiles(ws.dir, "schema"), before, "no segment added, no byte changed");

    const noMigrate = await runCli(["fork", "schema", "--at", "1", "--migrate", "--thread", "schema-v2"], { cwd: ws.dir });
    assert.equal(noMigrate.code, 2);
    assert.match(noMigrate.stderr, /exports no migrate function/);

    writeFileSync(file, `${readFileSync(file, "utf8")}\nexport function migrate(state: { steps: string[] }, from: string) {\n  return { ...state, steps: state.steps.map((name) => ({ name })), result: from };\n}\n`);
    const forked = await runCli(["fork", "schema", "--at", "1", "--migrate", "--thread", "schema-v2"], { cwd: ws.dir });
    assert.equal(forked.code, 0, forked.stderr);
    assert.match(forked.stdout, /forked schema at step 1 into schema-v2 with its state migrated by the graph file's migrate\(\) from graph \w+/);
    const resumed = await runCli(["resume", "schema-v2", "--json"], { cwd: ws.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    const done = resumed.events.find((e) => e.type === "done");
    assert.equal(done?.type === "done" ? done.state.result : undefined, "step_1 -> step_2 -> step_3");
    assert.deepEqual(threadFiles(ws.dir, "schema"), before, "the original thread is untouched");
  });

  it("a removed next node is refused even with --accept-changes", async function () {
    const file = await crashedThread("removed");
    edit(file, `.addEdge("step_1", "step_2")`, `.addEdge("step_1", "step_3")`);
    edit(file, `.addEdge("step_2", "step_3")`, "");
    writeFileSync(file, readFileSync(file, "utf8").replace(/\.addNode\("step_2",[\s\S]*?\n  \}\)\n/, ""));
    const before = threadFiles(ws.dir, "removed");
    const refused = await runCli(["resume", "removed", "--accept-changes"], { cwd: ws.dir });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /due to run node "step_2", which removed\.graph\.ts no longer has \(changed since its last run: node step_2 removed/);
    assert.deepEqual(threadFiles(ws.dir, "removed"), before);
    assert.equal((await listed("removed")).graphChanged?.resumes, "no");
  });
});
