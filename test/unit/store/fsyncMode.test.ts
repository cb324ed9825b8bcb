import assert from "node:assert/strict";
import fs, { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore } from "../../../src/core/store/file/fileStore";

describe("fsync mode", () => {
  let dir: string;
  let syncs = 0;
  const original = fs.fdatasyncSync;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dg-fsync-"));
    syncs = 0;
    (fs as { fdatasyncSync: typeof fs.fdatasyncSync }).fdatasyncSync = (fd) => {
      syncs++;
      original(fd);
    };
  });
  afterEach(() => {
    (fs as { fdatasyncSync: typeof fs.fdatasyncSync }).fdatasyncSync = original;
    rmSync(dir, { recursive: true, force: true });
  });

  it("syncs each commit and each task result, not each node completion of a fanned-out step", async () => {
    const store = new FileStore(join(dir, ".durable"), { durability: "fsync" });
    const writer = await store.create({ thread: "t", graph: "g", state: { n: 0 }, next: ["a", "b", "c"] });
    const afterCreate = syncs;
    for (const node of ["a", "b", "c"]) writer.recordNode({ step: 1, node, attempt: 1, startedAt: Date.now(), durationMs: 1, writes: {} });
    assert.equal(syncs, afterCreate, "node completions wait for the step's commit");
    writer.recordTask({ step: 1, node: "a", name: "charge", value: "id-1" });
    assert.equal(syncs, afterCreate + 1, "a task's result is on disk before the node goes on");
    writer.commit({ step: 1, nodes: ["a", "b", "c"], changes: [{ key: "n", op: "set", value: 1 }], next: [], state: { n: 1 } });
    assert.equal(syncs, afterCreate + 2, "one sync commits the step (and the completions before it)");
    await writer.close();
  });

  it("does not sync at all in the default mode", async () => {
    const store = new FileStore(join(dir, ".durable"));
    const writer = await store.create({ thread: "t", graph: "g", state: { n: 0 }, next: ["a"] });
    writer.recordNode({ step: 1, node: "a", attempt: 1, startedAt: Date.now(), durationMs: 1, writes: { n: 1 } });
    writer.commit({ step: 1, nodes: ["a"], changes: [{ key: "n", op: "set", value: 1 }], next: [], state: { n: 1 } });
    await writer.close();
    assert.equal(syncs, 0);
  });
});
