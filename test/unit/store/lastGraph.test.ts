import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { executeThread } from "../../../src/core/executor/executeThread";
import { fingerprintGraph } from "../../../src/core/fingerprint/graphFingerprint";
import { END, START, StateGraph } from "../../../src/core/sdk/index";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import type { CheckpointStore } from "../../../src/core/store/checkpointStore";

/** A loop that rewrites a 1 KB value each step (snapshots come every few steps) and fails at step 60. */
const graph = new StateGraph(z.object({ n: z.number().default(0), pad: z.string().default("") }))
  .addNode("tick", async (s) => {
    if (s.n === 59) throw new Error("stop here");
    return { n: s.n + 1, pad: "x".repeat(1000) + s.n };
  })
  .addEdge(START, "tick")
  .addConditionalEdges("tick", (s) => (s.n >= 100 ? END : "tick"), ["tick", END])
  .compile();

/** Both stores keep the graph a thread's last run ran where a resume and a listing find it, whatever came after. */
for (const [name, make] of [
  ["memory", () => new MemoryStore()],
  ["file", (dir: string) => new FileStore(join(dir, ".durable"))],
] as const) {
  describe(`the graph a thread last ran (${name} store)`, () => {
    let dir: string;
    let store: CheckpointStore;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "dg-lastgraph-"));
      store = make(dir);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("is in the run record, the summary and the resume point, even with snapshots written after the run record", async () => {
      const writer = await store.create({ thread: "t", graph: "g.graph.ts", state: { n: 0, pad: "" }, next: ["tick"] });
      const result = await executeThread({ graph, writer });
      await writer.close();
      assert.equal(result.status, "failed");
      const id = fingerprintGraph(graph).id;
      assert.equal((await store.lastGraph("t"))?.id, id);
      assert.equal((await store.getThread("t"))?.graphId, id);
      const history = await store.history("t", { limit: 10_000 });
      assert.ok(history.records.some((r) => r.type === "snapshot" && r.seq > history.records.find((x) => x.type === "run")!.seq), "a snapshot follows the run record");
      const reopened = await store.open("t");
      try {
        assert.equal(reopened.resume.graph?.id, id);
        assert.deepEqual(reopened.resume.graph?.nodes, fingerprintGraph(graph).nodes);
      } finally {
        await reopened.close();
      }
    });
  });
}
