import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { ScenarioResult } from "../../bench/harness/results";
import { SCENARIOS } from "../../bench/config";
import { allPeers } from "../../bench/peers/allPeers";
import type { Verdict } from "../../bench/targets";

const run = promisify(execFile);
const root = resolve(__dirname, "../..");

/**
 * The benchmark harness in quick mode, as CI runs it: every scenario runs, and every peer in it
 * produces finite numbers. It asserts no timing: a benchmark is not a test.
 */
describe("benchmark harness (npm run bench -- --quick)", function () {
  this.timeout(120_000);
  let dir: string;
  let report: { quick: boolean; scenarios: ScenarioResult[]; targets: Verdict[] };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dg-bench-smoke-"));
    const json = join(dir, "results.json");
    await run(process.execPath, ["--expose-gc", "--import", "tsx", "bench/main.ts", "--quick", "--json", json], { cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 110_000 });
    report = JSON.parse(readFileSync(json, "utf8"));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every scenario", () => {
    assert.equal(report.quick, true);
    assert.deepEqual(report.scenarios.map((s) => s.id).sort(), [...SCENARIOS].sort());
  });

  it("runs every peer in every in-process scenario", () => {
    const peers = allPeers().map((p) => p.id).sort();
    for (const id of ["chain3", "bigstate", "fan-out"]) {
      assert.deepEqual(scenario(id).rows.map((r) => r.peer).sort(), peers, id);
    }
    const loop = scenario("loop");
    for (const size of new Set(loop.rows.map((r) => r.size))) {
      assert.deepEqual(loop.rows.filter((r) => r.size === size).map((r) => r.peer).sort(), peers, `loop ${size}`);
    }
    assert.deepEqual(scenario("resume").rows.map((r) => r.peer).sort(), ["lg-sqlite", "lg-sqlite-node-modules", "node", "ours", "ours-cli"]);
  });

  it("gives every row a finite number in every column", () => {
    for (const result of report.scenarios) {
      assert.ok(result.rows.length > 0, `${result.id} has rows`);
      for (const row of result.rows) {
        assert.ok(!row.skipped, `${result.id}: ${row.peer} was skipped (${row.note})`);
        assert.ok(row.repetitions >= 1, `${result.id}: ${row.peer} ran`);
        for (const column of result.columns) {
          const value = row.metrics[column.key];
          assert.ok(typeof value === "number" && Number.isFinite(value), `${result.id} ${row.size ?? ""} ${row.peer}: ${column.key} = ${value}`);
        }
      }
    }
  });

  it("computes every target's ratio", () => {
    assert.equal(report.targets.length, 7);
    for (const target of report.targets) assert.ok(Number.isFinite(target.value), `${target.target}: ${target.value}`);
  });

  function scenario(id: string): ScenarioResult {
    const found = report.scenarios.find((s) => s.id === id);
    assert.ok(found, `scenario ${id} ran`);
    return found;
  }
});
