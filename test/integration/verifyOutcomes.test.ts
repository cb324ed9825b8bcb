import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, workspace } from "./cli";

interface Verdict {
  thread: string;
  status: "clean" | "repairable" | "damaged";
  step?: number;
  records?: number;
  tornTail?: { file: string; offset: number; bytes: number };
  error?: { code: string; message: string };
}

/** `verify`'s three outcomes, each with its exit code: clean 0, torn tail 10, damaged 5. */
describe("verify: clean, repairable, damaged", function () {
  this.timeout(60_000);
  const ws = workspace("dg-verify-");
  after(() => ws.dispose());
  const journal = (thread: string) => join(ws.dir, ".durable", "threads", thread, "journal-000001.ndjson");
  const verify = async (thread: string) => {
    const result = await runCli(["verify", thread, "--json"], { cwd: ws.dir });
    return { code: result.code, verdict: result.json[0] as Verdict, stderr: result.stderr };
  };

  before(async () => {
    ws.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
    for (const thread of ["clean", "torn", "damaged"]) {
      const crashed = await runCli(["run", "durable.graph.ts", "--thread", thread], { cwd: ws.dir, env: { CRASH: "true" } });
      assert.equal(crashed.code, 1, crashed.stderr);
    }
  });

  it("clean: exit 0, the counts and the last committed step", async () => {
    const { code, verdict } = await verify("clean");
    assert.equal(code, 0);
    assert.equal(verdict.status, "clean");
    assert.equal(verdict.step, 1);
    const human = await runCli(["verify", "clean"], { cwd: ws.dir });
    assert.equal(human.code, 0);
    assert.match(human.stdout, /^✔ clean: \d+ records in 1 segment\(s\), \d+ bytes, last committed step 1; all checksums and sequence numbers valid\n$/);
  });

  it("damaged: exit 5, the file and offset, in --json too", async () => {
    const bytes = readFileSync(journal("damaged"));
    bytes[bytes.indexOf("step_1")] = "S".charCodeAt(0);
    writeFileSync(journal("damaged"), bytes);
    const { code, verdict } = await verify("damaged");
    assert.equal(code, 5);
    assert.equal(verdict.status, "damaged");
    assert.equal(verdict.error?.code, "STORE_CORRUPT");
    assert.match(verdict.error!.message, /journal-000001\.ndjson: bad record at byte \d+: checksum mismatch/);
  });

  it("torn tail: exit 10 naming file, offset and bytes; the next resume cuts it and says so", async function () {
    const before = readFileSync(journal("torn")).length;
    const tail = '{"type":"node","step":2,"node":"step_2","att';
    appendFileSync(journal("torn"), tail);
    const { code, verdict } = await verify("torn");
    assert.equal(code, 10);
    assert.equal(verdict.status, "repairable");
    assert.deepEqual({ offset: verdict.tornTail!.offset, bytes: verdict.tornTail!.bytes }, { offset: before, bytes: tail.length });
    const human = await runCli(["verify", "torn"], { cwd: ws.dir });
    assert.equal(human.code, 10);
    assert.match(human.stdout, new RegExp(`torn tail: ${tail.length} bytes at offset ${before} of \\S*journal-000001\\.ndjson .*the next run or resume cuts it`));

    const resumed = await runCli(["resume", "torn"], { cwd: ws.dir });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`repaired: cut an incomplete record \\(${tail.length} bytes\\) at byte ${before} of journal-000001\\.ndjson`));
    assert.equal((await verify("torn")).code, 0);
    const shown = await runCli(["show", "torn"], { cwd: ws.dir });
    assert.match(shown.stdout.split("\n").slice(0, 3).join("\n"), /repaired .*: cut an incomplete record/);
  });
});
