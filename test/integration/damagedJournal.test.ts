import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, workspace } from "./cli";

describe("a damaged journal, seen from the terminal", function () {
  this.timeout(60_000);
  const ws = workspace("dg-damage-");
  after(() => ws.dispose());
  const journal = (thread: string) => join(ws.dir, ".durable", "threads", thread, "journal-000001.ndjson");

  before(async () => {
    ws.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
    for (const thread of ["flipped", "torn"]) {
      const crashed = await runCli(["run", "durable.graph.ts", "--thread", thread], { cwd: ws.dir, env: { CRASH: "true" } });
      assert.equal(crashed.code, 1);
    }
  });

  it("refuses a flipped byte mid-file with the file and offset, quarantines the thread and leaves the bytes as they are", async () => {
    const bytes = readFileSync(journal("flipped"));
    const offset = bytes.indexOf("step_1"); // inside an early record
    bytes[offset] = "S".charCodeAt(0);
    writeFileSync(journal("flipped"), bytes);

    const resumed = await runCli(["resume", "flipped"], { cwd: ws.dir });
    assert.equal(resumed.code, 5);
    assert.match(resumed.stderr, new RegExp(`journal-000001\\.ndjson: bad record at byte \\d+: checksum mismatch`));
    assert.match(resumed.stderr, /quarantined/);
    assert.doesNotMatch(resumed.stderr, /^\s+at /m);
    assert.deepEqual(readFileSync(journal("flipped")), bytes, "the journal was not touched");

    const threads = await runCli(["threads", "--json"], { cwd: ws.dir });
    const listed = (threads.json[0] as { id: string; status: string }[]).find((t) => t.id === "flipped");
    assert.equal(listed?.status, "quarantined");
    const verify = await runCli(["verify", "flipped"], { cwd: ws.dir });
    assert.equal(verify.code, 5);
  });

  it("repairs a torn last record and resumes from the last complete one", async () => {
    appendFileSync(journal("torn"), '{"type":"node","step":2,"node":"step_2","att');
    const resumed = await runCli(["resume", "torn", "--json"], { cwd: ws.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    const first = resumed.events[0];
    assert.ok(first?.type === "run-started" && first.step === 1);
    const verify = await runCli(["verify", "torn"], { cwd: ws.dir });
    assert.equal(verify.code, 0, verify.stderr);
  });
});
