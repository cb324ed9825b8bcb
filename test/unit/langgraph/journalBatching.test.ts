import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emptyCheckpoint, type Checkpoint } from "@langchain/langgraph-checkpoint";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { nodeFs } from "../../../src/core/store/file/storeFs";
import { DurableGraphsSaver } from "../../../src/langgraph";

const meta = { source: "loop" as const, step: 0, parents: {} };

function checkpoint(id: string, values: Record<string, unknown>, versions: Record<string, number>): Checkpoint {
  return { ...emptyCheckpoint(), id, channel_values: values, channel_versions: versions };
}

describe("DurableGraphsSaver: appends and syncs", () => {
  let dir: string;
  let saver: DurableGraphsSaver;
  let appends: number;
  let syncs: number;
  const journal = () => {
    const threadDir = join(dir, ".durable", "threads", "batched");
    const file = readdirSync(threadDir).find((f) => f.startsWith("journal-"))!;
    return readFileSync(join(threadDir, file), "utf8");
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dg-lg-batch-"));
    appends = syncs = 0;
    const fs = {
      ...nodeFs,
      writeSync: ((...args: Parameters<typeof nodeFs.writeSync>) => (appends++, nodeFs.writeSync(...args))) as typeof nodeFs.writeSync,
      fdatasyncSync: (fd: number) => (syncs++, nodeFs.fdatasyncSync(fd)),
    };
    saver = new DurableGraphsSaver({ store: new FileStore(join(dir, ".durable"), { durability: "fsync", fs }), graph: "test.graph.ts" });
  });
  afterEach(async () => {
    await saver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a step's task writes and its checkpoint take one append and one sync; each call resolves once its records are on disk", async () => {
    const config = await saver.put({ configurable: { thread_id: "batched" } }, checkpoint("00000001", { n: 0 }, { n: 1 }), meta, { n: 1 });
    const [appendsBefore, syncsBefore] = [appends, syncs];
    // As LangGraph calls them in its default durability: the tasks' writes, then the checkpoint, none awaited first.
    const writes = ["a", "b", "c"].map((task, i) => saver.putWrites(config, [["n", i + 1]], task));
    const put = saver.put(config, checkpoint("00000002", { n: 3 }, { n: 2 }), { ...meta, step: 1 }, { n: 2 });
    let resolved = 0;
    for (const call of [...writes, put]) {
      await call;
      resolved++;
      assert.equal(appends, appendsBefore + 1, `resolved ${resolved}: the records were appended`);
    }
    assert.equal(syncs, syncsBefore + 1, "and synced, once");
    const records = journal()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; task?: string })
      .filter((r) => r.type.startsWith("lg-"));
    assert.deepEqual(records.slice(-4).map((r) => r.task ?? r.type), ["a", "b", "c", "lg-checkpoint"], "the writes before the checkpoint that follows them");
  });

  it("task writes with no checkpoint after them are appended by the end of the event loop's turn", async () => {
    const config = await saver.put({ configurable: { thread_id: "batched" } }, checkpoint("00000001", { n: 0 }, { n: 1 }), meta, { n: 1 });
    const appendsBefore = appends;
    await Promise.all([saver.putWrites(config, [["n", 1]], "a"), saver.putWrites(config, [["n", 2]], "b")]);
    assert.equal(appends, appendsBefore + 1);
    assert.match(journal(), /"task":"b"/);
  });
});
