import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { expectCode, newThread, WriterPool } from "./storeTestKit";

/** The checksum scan reads a journal in 1 MB chunks: records cut by a chunk's end, and longer than one. */
describe("the journal scan across chunks", function () {
  this.timeout(60_000);
  let tmp: string;
  let root: string;
  const pool = new WriterPool();
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), "dg-scan-"));
    root = join(tmp, ".durable");
  });
  afterEach(async () => {
    await pool.closeAll();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function build(): Promise<string> {
    const store = new FileStore(root);
    const writer = await pool.create(store, newThread("t", { note: "", count: 0, big: "" }));
    const state: Record<string, unknown> = { note: "", count: 0, big: "" };
    let step = 0;
    const set = (key: string, value: unknown) => {
      state[key] = value;
      step++;
      writer.commit({ step, nodes: ["a"], changes: [{ key, op: "set", value }], next: ["a"], state: { ...state } });
    };
    // Small records over several chunks, one record of 2.5 MB (longer than two chunks), more small ones.
    for (let i = 1; i <= 3000; i++) set("note", `message ${i} ${"x".repeat(300)}`);
    set("big", "b".repeat(2_500_000));
    for (let i = 1; i <= 3000; i++) set("count", 10_000 + i);
    writer.end({ status: "completed", step, at: Date.now() });
    await writer.close();
    return join(root, "threads", "t", "journal-000001.ndjson");
  }

  it("finds a whole journal clean, and damage at its offset before, inside and after a long record", async () => {
    const path = await build();
    const report = await new FileStore(root).verify("t");
    assert.equal(report.tornTail, undefined);
    assert.equal(report.step, 6001);
    const original = readFileSync(path);
    const bigAt = original.indexOf('"bbbb');
    const lineStart = (at: number) => original.lastIndexOf(0x0a, at) + 1;
    const places = [original.indexOf('"message 1500 '), bigAt + 1_800_000, original.indexOf('"value":12999}')];
    assert.ok(places.every((at) => at > 0));
    for (const at of places) {
      const damaged = Buffer.from(original);
      damaged[at + 3]! ^= 0x01;
      writeFileSync(path, damaged);
      const error = await expectCode(new FileStore(root).verify("t"), "STORE_CORRUPT");
      assert.equal(error.details.offset, lineStart(at), `damage at byte ${at}: ${error.message}`);
    }
    writeFileSync(path, original);
    assert.equal((await new FileStore(root).verify("t")).step, 6001);
  });
});
