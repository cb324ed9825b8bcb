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
 * The benchmark harness in quick mode, as CI runs it: every scenario runs, and every peer available
 * produces finite numbers. It asserts no timing: a benchmark is not a test. LangGraph.js is the
 * benchmark's own install (`npm run bench:install`), not the project's: where it is absent (CI's plain
 * `npm ci`), its rows are skipped and the run says so.
 */
describe("benchmark harness (npm run bench -- --quick)", function () {
  this.timeout(240_000);
  let dir: string;
  let stderr: string;
  let report: { quick: boolean; skippedPeers: string[]; scenarios: ScenarioResult[]; targets: Verdict[] };
  let peers: string[];
  let skipped: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dg-bench-smoke-"));
    const json = join(dir, "results.json");
    ({ stderr } = await run(process.execPath, ["--expose-gc", "--import", "tsx", "bench/main.ts", "--quick", "--json", json], { cwd: root, maxBuffer: 16 * 1024 * 1024, timeout: 230_000 }));
    report = JSON.parse(readFileSync(json, "utf8"));
    const set = await allPeers();
    peers = set.peers.map((p) => p.id).sort();
    skipped = set.skipped.flatMap((s) => s.ids).sort();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every scenario", () => {
    assert.equal(report.quick, true);
    assert.deepEqual(report.scenarios.map((s) => s.id).sort(), [...SCENARIOS].sort());
  });

  it("says which peers it skipped, and why", () => {
    assert.deepEqual([...report.skippedPeers].sort(), skipped);
    for (const id of skipped) assert.match(stderr, new RegExp(`skipped[^\\n]*${id}`), `stderr names ${id}`);
  });

  it("runs every available peer in every in-process scenario", () => {
    for (const id of ["chain3", "bigstate", "fan-out"]) {
      assert.deepEqual(scenario(id).rows.map((r) => r.peer).sort(), peers, id);
    }
    for (const id of ["loop", "chat"]) {
      const result = scenario(id);
      for (const size of new Set(result.rows.map((r) => r.size))) {
        const at = result.rows.filter((r) => r.size === size && r.peer !== "ours-loop").map((r) => r.peer).sort();
        assert.deepEqual(at, peers, `${id} ${size}`);
      }
    }
    const lg = skipped.length ? [] : ["lg-sqlite", "lg-sqlite-node-modules"];
    assert.deepEqual([...new Set(scenario("resume").rows.map((r) => r.peer))].sort(), [...lg, "node", "ours", "ours-cli"].sort());
    const paths = [...new Set(scenario("cli").rows.map((r) => r.peer))].sort();
    assert.deepEqual(paths, [...(skipped.length ? [] : ["lg-script-chat", "lg-script-loop"]), "ours-cli-chat", "ours-cli-loop", "ours-runner-chat", "ours-runner-loop", "ours-script-chat", "ours-script-loop"].sort());
  });

  it("gives every row it ran a finite number in every column", () => {
    for (const result of report.scenarios) {
      assert.ok(result.rows.length > 0, `${result.id} has rows`);
      for (const row of result.rows) {
        // The chat graph runs LangGraph.js and the seed-style store at its small size only: the plan skips the rest.
        if (result.id === "chat" && row.skipped) continue;
        assert.ok(!row.skipped, `${result.id}: ${row.peer} was skipped (${row.note})`);
        assert.ok(row.repetitions >= 1, `${result.id}: ${row.peer} ran`);
        for (const column of result.columns) {
          const value = row.metrics[column.key];
          if (column.optional && value === undefined) continue;
          assert.ok(typeof value === "number" && Number.isFinite(value), `${result.id} ${row.size ?? ""} ${row.peer}: ${column.key} = ${value}`);
        }
      }
    }
  });

  it("computes every target it can measure", () => {
    assert.ok(report.targets.length >= 20, `${report.targets.length} targets`);
    for (const target of report.targets) {
      if (target.notMeasured) continue;
      assert.ok(Number.isFinite(target.value), `${target.target}: ${target.value}`);
    }
    const unmeasured = report.targets.filter((t) => t.notMeasured && !t.target.startsWith("editor:"));
    assert.equal(unmeasured.length > 0, skipped.length > 0, unmeasured.map((t) => t.target).join("; "));
  });

  function scenario(id: string): ScenarioResult {
    const found = report.scenarios.find((s) => s.id === id);
    assert.ok(found, `scenario ${id} ran`);
    return found;
  }
});
