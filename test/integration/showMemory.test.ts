import assert from "node:assert/strict";
import { join } from "node:path";
import { finished, startCli, workspace } from "./cli";
import { followPeakRss } from "./peakMemory";
import { writeThread } from "./storedThreads";

/**
 * `show --json` streams the history page by page: its memory does not grow with the thread. When it
 * built the whole document first it peaked at 229 MB here; streaming pages of 250 records, reading the
 * journal in 64 KB chunks and a young generation kept small bring it to about 70 MB (Node and the CLI
 * start at 51 MB).
 */
describe("show --json of a 100k-step thread", function () {
  this.timeout(300_000);
  const ws = workspace("dg-mem-");
  const STEPS = 100_000;
  after(() => ws.dispose());

  before(async () => {
    await writeThread(join(ws.dir, ".durable"), "huge", { steps: STEPS });
  });

  it("prints every record as one JSON document, with memory that does not grow with the history", async () => {
    const child = startCli(["show", "huge", "--json"], { cwd: ws.dir });
    const [peakMb, result] = await Promise.all([followPeakRss(child), finished(child)]);
    console.log(`      peak RSS of \`show --json\`: ${peakMb.toFixed(1)} MB (${(result.stdout.length / 1e6).toFixed(1)} MB of JSON)`);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout) as { thread: { id: string; step: number }; records: { seq: number; type: string }[] };
    assert.equal(doc.thread.step, STEPS);
    assert.ok(doc.records.length > STEPS, `${doc.records.length} records`);
    assert.equal(doc.records.filter((r) => r.type === "checkpoint").length, STEPS + 1);
    assert.ok(peakMb < 100, `peak RSS ${peakMb.toFixed(1)} MB`);
  });
});
