import assert from "node:assert/strict";
import { join } from "node:path";
import { finished, startCli, workspace } from "./cli";
import { readSlowly } from "./slowReader";
import { writeThread } from "./storedThreads";

/**
 * `show T --json | jq` and friends: a pipe holds 64 KiB, so a reader slower than the CLI leaves the
 * rest of the output queued in the CLI. All of it must arrive, and the exit code must be the command's.
 */
describe("output read through a slow pipe", function () {
  this.timeout(120_000);
  const ws = workspace("dg-pipe-");
  const store = join(ws.dir, ".durable");
  const STEPS = 2000;
  const THREADS = 1000;
  after(() => ws.dispose());

  before(async () => {
    await writeThread(store, "long", { steps: STEPS, note: "x".repeat(120), state: { blob: "b".repeat(300_000) } });
    // Long graph paths make the list big without taking long to write.
    const graph = `${"deeply/nested/".repeat(30)}big.graph.ts`;
    for (let i = 0; i < THREADS; i++) await writeThread(store, `t-${i}`, { steps: 1, graph });
  });

  async function piped(args: string[]) {
    const result = await readSlowly(startCli(args, { cwd: ws.dir }));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.length > 64 * 1024, `more than a pipe's buffer (${result.stdout.length} bytes)`);
    return result.stdout;
  }

  it("show --json: the whole history, one JSON document, as compact as one JSON.stringify", async () => {
    const text = await piped(["show", "long", "--json"]);
    const doc = JSON.parse(text) as { thread: { id: string }; records: { seq: number; type: string }[] };
    assert.equal(doc.thread.id, "long");
    const steps = doc.records.filter((r) => r.type === "checkpoint").length;
    assert.equal(steps, STEPS + 1, "every checkpoint, step 0 included");
    doc.records.forEach((r, i) => assert.equal(r.seq, i, "contiguous"));
    assert.equal(text, `${JSON.stringify(doc)}\n`, "the same text the whole document printed at once gave");
  });

  it("show --state --json: the whole state", async () => {
    const view = JSON.parse(await piped(["show", "long", "--state", "--json"])) as { step: number; state: { blob: string; n: number } };
    assert.equal(view.step, STEPS);
    assert.equal(view.state.n, STEPS);
    assert.equal(view.state.blob.length, 300_000);
  });

  it("threads --json: every thread", async () => {
    const text = await piped(["threads", "--json"]);
    const threads = JSON.parse(text) as { id: string }[];
    assert.equal(threads.length, THREADS + 1);
    assert.equal(text, `${JSON.stringify(threads)}\n`);
  });

  it("show: every step of the history, to the last line", async () => {
    const text = await piped(["show", "long"]);
    const committed = text.split("\n").filter((line) => / step \d+ {2}committed /.test(line));
    assert.equal(committed.length, STEPS);
    assert.match(committed.at(-1)!, new RegExp(` step ${STEPS} {2}committed `));
    assert.ok(text.endsWith("\n"));
  });

  it("stops quietly when the reader goes away (show | head)", async () => {
    const child = startCli(["show", "long"], { cwd: ws.dir });
    const result = finished(child);
    child.stdout!.once("data", () => child.stdout!.destroy());
    const { code, stderr } = await result;
    assert.equal(code, 0);
    assert.equal(stderr, "");
  });
});
