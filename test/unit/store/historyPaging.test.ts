import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore } from "../../../src/core/store/file/fileStore";
import type { JournalRecord } from "../../../src/core/store/records";

describe("file store history paging", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "dg-paging-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function thread(store: FileStore, steps: number, value: string): Promise<void> {
    const writer = await store.create({ thread: "t", graph: "g", state: { v: value, n: 0 }, next: ["a"] }, { replace: true });
    for (let step = 1; step <= steps; step++) {
      writer.commit({ step, nodes: ["a"], changes: [{ key: "n", op: "set", value: step }], next: ["a"], state: { v: value, n: step } });
    }
    await writer.close();
  }

  async function allPages(store: FileStore, limit: number): Promise<JournalRecord[]> {
    const records: JournalRecord[] = [];
    let afterSeq: number | undefined;
    for (;;) {
      const page = await store.history("t", { limit, ...(afterSeq === undefined ? {} : { afterSeq }) });
      records.push(...page.records);
      if (page.nextSeq === undefined) return records;
      afterSeq = page.nextSeq;
    }
  }

  it("pages through a journal across writer segments, every record once, as one read would", async () => {
    const store = new FileStore(join(dir, ".durable"));
    await thread(store, 120, "first");
    const writer = await store.open("t"); // a second segment
    writer.commit({ step: 121, nodes: ["a"], changes: [{ key: "n", op: "set", value: 121 }], next: [], state: { v: "first", n: 121 } });
    await writer.close();
    const whole = (await store.history("t")).records;
    assert.deepEqual(await allPages(store, 7), whole);
    assert.deepEqual(await allPages(new FileStore(join(dir, ".durable")), 7), whole, "a fresh reader agrees");
  });

  it("does not trust where it stopped once the thread was reset and run again", async () => {
    const store = new FileStore(join(dir, ".durable"));
    await thread(store, 30, "old");
    const firstPage = await store.history("t", { limit: 10 });
    await store.delete("t");
    await thread(store, 30, "new");
    const next = await store.history("t", { afterSeq: firstPage.nextSeq!, limit: 1000 });
    const whole = (await store.history("t")).records;
    assert.deepEqual(next.records, whole.filter((r) => r.seq > firstPage.nextSeq!));
    assert.ok(next.records.some((r) => r.type === "checkpoint"), "the new journal's records");
  });
});
