import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { finalState, finished, runCli, startCli, workspace } from "./cli";

/**
 * Kills the CLI with SIGKILL at 200+ random moments (and at exact fault points around commits) while
 * it runs a looping graph with a fanned-out step, resuming after every kill.
 */
const KILLS = Number(process.env.FUZZ_KILLS ?? 200);

interface FinalState {
  round: number;
  total: number;
  sums: number[];
  trace: string[];
}

describe(`SIGKILL at ${KILLS} random moments`, function () {
  this.timeout(20 * 60_000);
  const ws = workspace("dg-fuzz-");
  after(() => ws.dispose());
  const log = join(ws.dir, "executions.log");
  const env = { FUZZ_LOG: log, FUZZ_ROUNDS: "30" };

  it("always resumes to the uninterrupted run's state, never re-running a recorded node, with a journal that verifies", async () => {
    ws.copy("test/integration/graphs/fuzz.graph.ts", "fuzz.graph.ts");
    writeFileSync(log, "");
    const reference = await runCli(["run", "fuzz.graph.ts", "--thread", "reference", "--json"], { cwd: ws.dir, env });
    assert.equal(reference.code, 0, reference.stderr);
    const expected = finalState<FinalState>(reference);

    let kills = 0;
    let faultKills = 0;
    const completed: string[] = [];
    let thread = `fuzz-${completed.length}`;
    for (let attempt = 0; kills < KILLS; attempt++) {
      assert.ok(attempt < KILLS * 4, "the runs make progress");
      // Every fifth run dies at an exact point around a commit; the others at a random moment.
      const points = ["before-commit", "after-commit", "after-node:a", "after-node:join", "after-commit:join"];
      const fault = attempt % 5 === 4 ? points[Math.floor(Math.random() * points.length)] : undefined;
      const child = startCli(["run", "fuzz.graph.ts", "--thread", thread, "--force", "--json", ...(fault ? ["--crash-at", fault] : [])], { cwd: ws.dir, env });
      const result = finished(child);
      let timer: NodeJS.Timeout | undefined;
      if (!fault) timer = setTimeout(() => child.kill("SIGKILL"), 60 + Math.random() * 400);
      const outcome = await result;
      clearTimeout(timer);
      if (outcome.signal === "SIGKILL") {
        kills++;
        if (fault) faultKills++;
        continue;
      }
      assert.equal(outcome.code, 0, `run ${attempt} of ${thread} ended with ${outcome.code}: ${outcome.stderr}`);
      completed.push(thread);
      thread = `fuzz-${completed.length}`;
    }
    // Finish the thread that was interrupted last.
    const last = await runCli(["run", "fuzz.graph.ts", "--thread", thread, "--force", "--json"], { cwd: ws.dir, env });
    assert.equal(last.code, 0, last.stderr);
    completed.push(thread);

    // Every execution that started, in order, per thread, step and node.
    const starts = new Map<string, string[]>();
    for (const line of readFileSync(log, "utf8").split("\n")) {
      const [kind, id, step, node, exec] = line.split(" ");
      if (kind !== "start") continue;
      const key = `${id}:${step}:${node}`;
      starts.set(key, [...(starts.get(key) ?? []), exec!]);
    }
    let reruns = 0;
    for (const id of completed) {
      const shown = await runCli(["show", id, "--state", "--json"], { cwd: ws.dir });
      assert.equal(shown.code, 0, shown.stderr);
      const state = (shown.json[0] as { state: FinalState }).state;
      assert.deepEqual({ ...state, trace: [] }, { ...expected, trace: [] }, `thread ${id} ends in the uninterrupted run's state`);
      assert.deepEqual(
        state.trace.map((t) => t.split(":").slice(0, 2).join(":")),
        expected.trace.map((t) => t.split(":").slice(0, 2).join(":")),
        `thread ${id} holds every node of every step exactly once`,
      );
      // The execution whose result was kept is the last one started for its step and node:
      // nothing ran again once its completion had been recorded.
      for (const entry of state.trace) {
        const [step, node, exec] = entry.split(":");
        const execs = starts.get(`${id}:${step}:${node}`) ?? [];
        assert.equal(execs.at(-1), exec, `${id} step ${step} ${node}: the kept execution ${exec} is the last one started (${execs.join(", ")})`);
        reruns += execs.length - 1;
      }
      const verify = await runCli(["verify", id], { cwd: ws.dir });
      assert.equal(verify.code, 0, `thread ${id}'s journal verifies: ${verify.stderr}`);
    }
    console.log(`      ${kills} kills (${faultKills} at fault points), ${completed.length} threads completed, ${reruns} unfinished executions re-run`);
  });
});
