import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { emptyCheckpoint } from "@langchain/langgraph-checkpoint";
import { DurableGraphsSaver } from "../../../src/langgraph";
import { finished, REPO, runCli, workspace } from "../cli";

const CHILD = resolve(__dirname, "fanOutChild.ts");

/** The LangGraph.js graph of fanOutChild.ts in a process of its own. */
function startGraph(dir: string, thread: string, mode: "start" | "resume", env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", CHILD, join(dir, ".durable"), thread, mode], {
    // Started in the repository, where `--import tsx` and LangGraph.js resolve; its files are all in `dir`.
    cwd: REPO,
    env: { ...process.env, EFFECTS_FILE: join(dir, "effects.txt"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function lineFrom(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      if (out.includes(text)) resolvePromise();
    });
    child.on("exit", (code) => reject(new Error(`the graph's process exited (${code}) before printing ${text}`)));
  });
}

function journalBytes(dir: string, thread: string): number {
  const threadDir = join(dir, ".durable", "threads", thread);
  return readdirSync(threadDir)
    .filter((name) => name.startsWith("journal-"))
    .reduce((sum, name) => sum + statSync(join(threadDir, name)).size, 0);
}

describe("DurableGraphsSaver with real LangGraph.js runs in real processes", function () {
  this.timeout(120_000);
  const ws = workspace("dg-lg-saver-");
  after(() => ws.dispose());

  it("a SIGKILL inside a parallel step loses no finished task: the resumed run does not run it again", async () => {
    writeFileSync(join(ws.dir, "effects.txt"), "");
    const owner = startGraph(ws.dir, "fan", "start", { HANG: "right" });
    const ownerDone = finished(owner);
    // `right` hangs only once `left`'s writes came back from putWrites: they are journalled.
    await lineFrom(owner, "hanging");

    // While the run holds the thread, another process writing it is refused, naming the holder.
    const intruder = new DurableGraphsSaver({ directory: join(ws.dir, ".durable") });
    await assert.rejects(
      intruder.put({ configurable: { thread_id: "fan" } }, emptyCheckpoint(), { source: "update", step: 9, parents: {} }, {}),
      (error: Error & { code?: string }) => error.code === "THREAD_LOCKED" && error.message.includes(String(owner.pid)),
    );
    await intruder.close();

    owner.kill("SIGKILL");
    assert.equal((await ownerDone).signal, "SIGKILL");
    assert.deepEqual(readFileSync(join(ws.dir, "effects.txt"), "utf8").split("\n").filter(Boolean), ["plan", "left", "right"]);

    const listed = await runCli(["threads", "--json"], { cwd: ws.dir });
    const row = (JSON.parse(listed.stdout) as { id: string; status: string; next: string[] }[]).find((t) => t.id === "fan");
    assert.deepEqual([row?.status, row?.next], ["interrupted", ["left", "right"]], listed.stdout);

    const resumed = await finished(startGraph(ws.dir, "fan", "resume"));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(JSON.parse(resumed.stdout.trim().split("\n").at(-1)!).visited, ["plan", "left", "right", "join"]);
    // `left` ran once, before the kill; `right` (killed mid-way) ran again; then `join`.
    assert.deepEqual(readFileSync(join(ws.dir, "effects.txt"), "utf8").split("\n").filter(Boolean), ["plan", "left", "right", "right", "join"]);
  });

  it("durable-graphs threads and show read a thread written through the saver like any other", async () => {
    const listed = await runCli(["threads", "--json"], { cwd: ws.dir });
    assert.equal(listed.code, 0, listed.stderr);
    const row = (JSON.parse(listed.stdout) as Record<string, unknown>[]).find((t) => t.id === "fan");
    assert.deepEqual(
      { status: row?.status, step: row?.step, lastNodes: row?.lastNodes, next: row?.next, graph: row?.graph, engine: row?.engine },
      { status: "completed", step: 3, lastNodes: ["join"], next: [], graph: "fanOut.graph.ts", engine: "langgraph" },
    );
    const state = await runCli(["show", "fan", "--state", "--json"], { cwd: ws.dir });
    assert.equal(state.code, 0, state.stderr);
    const view = JSON.parse(state.stdout) as { step: number; next: string[]; nodes: string[]; state: unknown };
    assert.deepEqual([view.step, view.next, view.nodes, view.state], [3, [], ["join"], { visited: ["plan", "left", "right", "join"], big: "xxxxxxxxxx" }]);
    const history = await runCli(["show", "fan"], { cwd: ws.dir, env: { NO_COLOR: "1" } });
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /step 1 {2}committed plan {2}visited, big → left, right/);
    assert.match(history.stdout, /left ✓ {2}wrote visited/);
    assert.match(history.stdout, /⚡ process \d+ stopped here without finishing/, "the killed run shows where it died");
    assert.match(history.stdout, /completed\n$/);
    const verify = await runCli(["verify", "fan"], { cwd: ws.dir });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it("stores only the channels a step changed: a big channel written once costs its bytes once", async () => {
    const big = 200_000;
    writeFileSync(join(ws.dir, "effects.txt"), "");
    const run = await finished(startGraph(ws.dir, "big", "start", { BIG_BYTES: String(big) }));
    assert.equal(run.code, 0, run.stderr);
    // The value is journalled twice: as `plan`'s write (putWrites) and as the channel's new value in the
    // next checkpoint. The three checkpoints after it hold none of it (a saver storing whole checkpoints
    // would write it three more times).
    const bytes = journalBytes(ws.dir, "big");
    assert.ok(bytes > 2 * big && bytes < 2 * big + 20_000, `journal of ${bytes} bytes for a ${big}-byte channel written once`);
    const saver = new DurableGraphsSaver({ directory: join(ws.dir, ".durable") });
    const latest = await saver.getTuple({ configurable: { thread_id: "big" } });
    assert.equal((latest?.checkpoint.channel_values.big as string).length, big, "read back whole from the step that wrote it");
  });
});
