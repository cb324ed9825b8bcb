import assert from "node:assert/strict";
import { elapsed } from "../../../media/panel/format";
import { CellIndex } from "../../../src/extension/panel/cellIndex";
import type { NodeCell } from "../../../src/core/protocol/panelMessages";
import { END, START, StateGraph, z } from "../../../src/core/sdk/index";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import type { JournalRecord } from "../../../src/core/store/records";
import { journal, startRun } from "../executor/harness";

const State = z.object({ n: z.number().default(0) });

function failedCells(records: readonly JournalRecord[]): NodeCell[] {
  const index = new CellIndex();
  index.add(records);
  return index.all().filter((c): c is NodeCell => c.kind === "node" && c.status === "failed");
}

describe("run panel: a failed cell shows how long its failed try ran", () => {
  it("takes the failed try's start from the journal: a node that fails after ~60 ms shows about that", async () => {
    const graph = new StateGraph(State)
      .addNode("slow_fail", async () => {
        await new Promise((r) => setTimeout(r, 60));
        throw new Error("no");
      }, { retry: { maxAttempts: 2, initialDelayMs: 1 } })
      .addEdge(START, "slow_fail")
      .addEdge("slow_fail", END)
      .compile();
    const store = new MemoryStore();
    const { result } = await startRun(graph, store);
    assert.equal(result.status, "failed");
    const records = await journal(store);
    const failures = records.filter((r) => r.type === "failure");
    assert.equal(failures.length, 2, "a retried try and the final one");
    for (const f of failures) assert.ok(f.type === "failure" && f.startedAt !== undefined && f.startedAt <= f.at, "each try's start is recorded");

    const [cell] = failedCells(records);
    assert.ok(cell);
    assert.equal(cell.attempts, 2);
    // The final try alone (the retried one and the delay between them are not in it).
    assert.ok(cell.durationMs !== undefined && cell.durationMs >= 55 && cell.durationMs < 1000, `durationMs ${cell.durationMs}`);
    assert.match(elapsed(cell), /^\d+ ms$/);
    assert.notEqual(elapsed(cell), "—");
  });

  it("says the duration was not recorded for a failure from a journal written before starts were recorded", () => {
    const old: JournalRecord[] = [
      { seq: 1, type: "failure", step: 1, node: "n", attempt: 1, final: true, at: 5000, error: { name: "Error", code: "NODE_FAILED", message: "boom" } } as JournalRecord,
    ];
    const [cell] = failedCells(old);
    assert.ok(cell);
    assert.equal(cell.durationMs, undefined);
    assert.equal(cell.startedAt, 5000);
    assert.equal(elapsed(cell), "duration not recorded");
  });

  it("shows a done cell's duration and a running cell's time so far", () => {
    assert.equal(elapsed({ status: "done", startedAt: 0, durationMs: 1500 }), "1.50 s");
    assert.equal(elapsed({ status: "failed", startedAt: 0, durationMs: 12 }), "12 ms");
    assert.equal(elapsed({ status: "running", startedAt: 1000 }, 1250), "250 ms");
  });
});
