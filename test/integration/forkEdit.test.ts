import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { finalState, runCli, workspace } from "./cli";

/** `fork --set` / `--state`: a person's edit of a checkpoint's state, checked against the schema, as a new fork's step. */
describe("fork with an edit of the state (CLI, real processes)", () => {
  const ws = workspace("dg-fork-edit-");
  after(() => ws.dispose());
  const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: { USER: "ada" } });

  before(async () => {
    ws.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
    const done = await cli("run", "durable.graph.ts", "--thread", "t");
    assert.equal(done.code, 0, done.stderr);
  });

  it("forks at a step with --set, records the edit as its own step, and the fork runs on from the edited state", async () => {
    const forked = await cli("fork", "t", "--at", "1", "--thread", "t-edited", "--set", 'steps=["hand-made"]');
    assert.equal(forked.code, 0, forked.stderr);
    assert.match(forked.stdout, /forked t at step 1 into t-edited with your edit as step 2 \(next: step_2\)/);

    const shown = await cli("show", "t-edited");
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /forked from t at step 1/);
    assert.match(shown.stdout, /step 2 {2}edited by a person \(\w+\): steps → next: step_2/);
    const state = await cli("show", "t-edited", "--at", "2");
    assert.match(state.stdout, /state at step 2 \(edited by \w+: steps\)/);
    assert.match(state.stdout, /"hand-made"/);

    const resumed = await cli("resume", "t-edited", "--json");
    assert.equal(resumed.code, 0, resumed.stderr);
    const started = resumed.events.flatMap((e) => (e.type === "node-started" ? [e.node] : []));
    assert.deepEqual(started, ["step_2", "step_3"], "the fork goes on with the nodes due at the fork point");
    assert.deepEqual(finalState(resumed), { steps: ["hand-made", "step_2", "step_3"], result: "hand-made -> step_2 -> step_3" });

    // History is never rewritten: the source thread is as it was.
    const source = await cli("show", "t", "--state");
    assert.match(source.stdout, /"result": "step_1 -> step_2 -> step_3"/);
  });

  it("takes a whole state from --state FILE", async () => {
    const file = join(ws.dir, "state.json");
    writeFileSync(file, JSON.stringify({ steps: ["a", "b"], result: "by hand" }));
    const forked = await cli("fork", "t", "--at", "3", "--state", "state.json", "--json");
    assert.equal(forked.code, 0, forked.stderr);
    const info = forked.json[0] as { id: string; step: number };
    assert.equal(info.id, "t-edit-3");
    assert.equal(info.step, 4);
    const state = await cli("show", "t-edit-3", "--state", "--json");
    assert.deepEqual((state.json[0] as { state: unknown }).state, { steps: ["a", "b"], result: "by hand" });
  });

  it("refuses an edit that does not fit the schema, naming the key, and writes nothing", async () => {
    const wrongType = await cli("fork", "t", "--at", "1", "--thread", "bad-1", "--set", "steps=3");
    assert.equal(wrongType.code, 2);
    assert.match(wrongType.stderr, /"steps" is invalid/);
    assert.match(wrongType.stderr, /nothing was written/);

    const unknownKey = await cli("fork", "t", "--at", "1", "--thread", "bad-2", "--set", "stepz=[]");
    assert.equal(unknownKey.code, 2);
    assert.match(unknownKey.stderr, /"stepz" is not a key of the graph's state \(its keys: steps, result\)/);

    const notJson = await cli("fork", "t", "--at", "1", "--thread", "bad-3", "--set", "result=hello");
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--set result: the value is not JSON/);
    assert.doesNotMatch(notJson.stderr, /--input/, "the hint is about --set, not run's --input");
    assert.match(notJson.stderr, /give --set a JSON value/);

    const noFile = await cli("fork", "t", "--at", "1", "--thread", "bad-5", "--state", "missing.json");
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /cannot read --state missing\.json: ENOENT\n.*pass --state a readable file/);

    const proto = await cli("fork", "t", "--at", "1", "--thread", "bad-6", "--set", '__proto__={"steps":[]}');
    assert.equal(proto.code, 2);
    assert.match(proto.stderr, /"__proto__" is not a key of the graph's state/, "not a silent 'nothing changed'");

    const taken = await cli("fork", "t", "--at", "1", "--thread", "t", "--set", 'steps=["again"]');
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /thread t already exists\n.*name the new thread with --thread NEW/);

    const same = await cli("fork", "t", "--at", "1", "--thread", "bad-4", "--set", 'steps=["step_1"]');
    assert.equal(same.code, 2);
    assert.match(same.stderr, /the same as the checkpoint's/);

    const threads = await cli("threads", "--json");
    const ids = (threads.json[0] as { id: string }[]).map((t) => t.id);
    for (const id of ["bad-1", "bad-2", "bad-3", "bad-4", "bad-5", "bad-6"]) assert.ok(!ids.includes(id), `${id} was not created`);
  });

  it("keeps `show --state` a switch and plain forks as they were", async () => {
    const plain = await cli("fork", "t", "--at", "2");
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /into t-fork-2 \(next: step_3\)/);
    const missing = await cli("fork", "t", "--at", "9", "--set", "result=\"x\"");
    assert.equal(missing.code, 4);
  });
});
