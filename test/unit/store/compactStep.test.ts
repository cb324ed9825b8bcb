import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expandStep } from "../../../src/core/store/file/compactStep";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { decodeLine, encodeLines } from "../../../src/core/store/file/journalLine";
import { MemoryStore } from "../../../src/core/store/memory/memoryStore";
import type { CheckpointStore } from "../../../src/core/store/checkpointStore";
import type { CheckpointRecord, JournalRecord, NodeRecord } from "../../../src/core/store/records";

const BASE = 1_795_000_000_000;

function step(node: Partial<NodeRecord>, checkpoint: Partial<CheckpointRecord>): [NodeRecord, CheckpointRecord] {
  const n: NodeRecord = { seq: 41, type: "node", step: 20, node: "chat", attempt: 1, startedAt: BASE + 1532, durationMs: 0.066, writes: {}, ...node };
  const c: CheckpointRecord = { seq: n.seq + 1, type: "checkpoint", step: n.step, nodes: [n.node], changes: [], next: [n.node], at: n.startedAt, ...checkpoint };
  return [n, c];
}

function roundTrip(records: JournalRecord[]): { lines: string[]; back: JournalRecord[] } {
  const lines = encodeLines(records, BASE);
  const back: JournalRecord[] = [];
  for (const line of lines) {
    const decoded = decodeLine(line, BASE);
    assert.ok(decoded.ok, decoded.ok ? "" : `${decoded.reason}: ${line}`);
    back.push(...decoded.records);
  }
  return { lines, back };
}

describe("journal format 2: a single-node step as one compact line", () => {
  const message = { role: "assistant", content: "reply 7: lorem ipsum dolor sit amet lorem ipsum dolor sit amet lore" };

  it("writes a chat step's message once, in one line, and reads back the same node record and checkpoint", () => {
    const items = [message];
    const records = step({ writes: { messages: items } }, { changes: [{ key: "messages", op: "append", items: [message] }], at: BASE + 1532 });
    const { lines, back } = roundTrip(records);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.split('"reply 7').length, 2, `the message is written once: ${lines[0]}`);
    assert.ok(lines[0]!.startsWith('{"q":41,"s":20,"n":"chat","t":1532,"d":0.066,"+":{"messages":['), lines[0]);
    assert.ok(lines[0]!.length - JSON.stringify(message).length < 100, `${lines[0]!.length} bytes for a ${JSON.stringify(message).length}-byte message`);
    assert.deepEqual(back, records);
  });

  it("keeps what the short form cannot say: a reducer's result, an unset, another order, index-like keys, retries, logs, timing, next", () => {
    const cases: [NodeRecord, CheckpointRecord][] = [
      // A reducer that sums: the write is not the value set.
      step({ writes: { total: 2 } }, { changes: [{ key: "total", op: "set", value: 5 }] }),
      // A write that changed nothing: no change for it.
      step({ writes: { count: 3, same: "x" } }, { changes: [{ key: "count", op: "set", value: 3 }] }),
      step({ writes: {} }, { changes: [{ key: "gone", op: "unset" }] }),
      // Appends before sets, and a key twice: kept as the list of changes.
      step({ writes: { log: ["a"], n: 1 } }, { changes: [{ key: "log", op: "append", items: ["a"] }, { key: "n", op: "set", value: 1 }] }),
      step({ writes: {} }, { changes: [{ key: "n", op: "set", value: 1 }, { key: "n", op: "set", value: 2 }] }),
      step({ writes: { "7": "seven", a: 1 } }, { changes: [{ key: "a", op: "set", value: 1 }, { key: "7", op: "set", value: "seven" }] }),
      step({ writes: {} }, { changes: [{ key: "__proto__", op: "set", value: { polluted: true } }] }),
      // An append of a single item (not an array): the write is the item.
      step({ writes: { log: "one" } }, { changes: [{ key: "log", op: "append", items: ["one"] }] }),
      step({ attempt: 3, logs: [{ level: "warn", message: "retried", at: BASE + 1500 }] }, { next: [] }),
      step({ durationMs: 12.5 }, { at: BASE + 1532 + 14, next: ["a", "b", "c"] }),
      step({ startedAt: BASE + 0.25, durationMs: 3 }, { at: BASE + 9_000_000 }),
      step({ startedAt: BASE - 5000 }, { at: BASE - 4999.5 }),
    ];
    for (const records of cases) {
      const { lines, back } = roundTrip(records);
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.deepEqual(back, records, lines[0]);
      assert.equal(Object.getPrototypeOf((back[0] as NodeRecord).writes), Object.prototype);
    }
  });

  it("reads back whatever it writes (1,000 random steps)", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    // No "__proto__": a node cannot write one (its writes are its own object's keys), and records read drop it.
    const keys = ["a", "b", "messages", "0", "12", "x y", "ü", "constructor", "hasOwnProperty"];
    const values = [0, -1, 1.5, "s", "", null, true, [], [1, "two"], { deep: { er: [null] } }];
    for (let i = 0; i < 1000; i++) {
      const changes: CheckpointRecord["changes"] = [];
      const writes: Record<string, unknown> = {};
      for (let k = Math.floor(random() * 4); k > 0; k--) {
        const key = pick(keys);
        const op = pick(["set", "append", "unset"] as const);
        if (op === "set") {
          const value = pick(values);
          changes.push({ key, op, value });
          if (random() < 0.7) Object.defineProperty(writes, key, { value: random() < 0.8 ? value : "other", enumerable: true, writable: true, configurable: true });
        } else if (op === "append") {
          const items = [pick(values), pick(values)].slice(0, 1 + Math.floor(random() * 2));
          changes.push({ key, op, items });
          if (random() < 0.7) Object.defineProperty(writes, key, { value: random() < 0.8 ? [...items] : items[0], enumerable: true, writable: true, configurable: true });
        } else {
          changes.push({ key, op });
        }
      }
      const node = pick(["a", "chat", "n-1"]);
      const records = step(
        { node, seq: Math.floor(random() * 1e6), step: 1 + Math.floor(random() * 1e5), attempt: random() < 0.9 ? 1 : 2, startedAt: BASE + Math.floor(random() * 1e7), durationMs: Math.round(random() * 1e5) / 1000, writes },
        { next: pick([[node], [], ["a", "b"]]) },
      );
      records[1].at = records[0].startedAt + pick([0, 1, Math.round(records[0].durationMs), 250]);
      const expected = JSON.parse(JSON.stringify(records)) as JournalRecord[];
      const { back } = roundTrip(records);
      assert.deepEqual(JSON.parse(JSON.stringify(back)), expected);
    }
  });

  it("leaves other records and multi-node steps one per line", () => {
    const [node, checkpoint] = step({ writes: { a: 1 } }, { changes: [{ key: "a", op: "set", value: 1 }] });
    const other: NodeRecord = { ...node, node: "b" };
    const cases: JournalRecord[][] = [
      [node],
      [checkpoint],
      [node, { ...checkpoint, nodes: ["chat", "b"] }],
      [other, { ...checkpoint, seq: other.seq + 1 }],
      [node, { ...checkpoint, seq: node.seq + 2 }],
      [{ seq: 1, type: "run", run: "r", pid: 1, at: BASE, step: 0, resumed: false }],
    ];
    for (const records of cases) {
      const { lines, back } = roundTrip(records);
      assert.equal(lines.length, records.length);
      assert.deepEqual(back, records);
    }
  });

  it("refuses a line that is not one step: both times, both kinds of changes, unknown fields, a __proto__ key", () => {
    const good = { q: 1, s: 1, n: "a", t: 0, d: 1 };
    assert.ok(expandStep(good, BASE).ok);
    for (const bad of [
      { ...good, T: 5 },
      { q: 1, s: 1, n: "a", d: 1 },
      { ...good, c: [], "=": { a: 1 } },
      { ...good, z: 1 },
      { ...good, s: 0 },
      { ...good, "-": ["__proto__"] },
      JSON.parse('{"q":1,"s":1,"n":"a","t":0,"d":1,"=":{"__proto__":{"x":1}}}'),
      JSON.parse('{"q":1,"s":1,"n":"a","t":0,"d":1,"+":{"__proto__":[1]}}'),
    ]) {
      assert.equal(expandStep(bad, BASE).ok, false, JSON.stringify(bad));
    }
  });

  describe("in the file store", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "dg-compact-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** 40 single-node steps committed as the executor commits them (the node record with the checkpoint), then a two-node step. */
    async function run(store: CheckpointStore): Promise<void> {
      const writer = await store.create({ thread: "t", graph: "g", state: { messages: [], n: 0 }, next: ["chat"] });
      const messages: unknown[] = [];
      for (let s = 1; s <= 40; s++) {
        const item = { role: "assistant", content: `reply ${s}` };
        messages.push(item);
        const writes = s % 3 === 0 ? { messages: [item], n: s } : { messages: [item] };
        const changes: CheckpointRecord["changes"] = s % 3 === 0 ? [{ key: "n", op: "set", value: s }, { key: "messages", op: "append", items: [item] }] : [{ key: "messages", op: "append", items: [item] }];
        const startedAt = Date.now();
        writer.commit({
          step: s,
          nodes: ["chat"],
          changes,
          next: s < 40 ? ["chat"] : ["x", "y"],
          state: { messages: [...messages], n: s % 3 === 0 ? s : 0 },
          nodeRecords: [{ step: s, node: "chat", attempt: 1, startedAt, durationMs: 0.05, writes }],
        });
      }
      writer.recordNode({ step: 41, node: "x", attempt: 1, startedAt: Date.now(), durationMs: 1, writes: { n: 1 } });
      writer.recordNode({ step: 41, node: "y", attempt: 1, startedAt: Date.now(), durationMs: 1, writes: {} });
      writer.commit({ step: 41, nodes: ["x", "y"], changes: [{ key: "n", op: "set", value: 1 }], next: [], state: { messages, n: 1 } });
      await writer.close();
    }

    const withoutTimes = (records: JournalRecord[]) =>
      records.map((r) => {
        const copy: Record<string, unknown> = { ...r };
        for (const key of ["seq", "at", "startedAt", "pid", "run", "owner", "sum"]) delete copy[key];
        return copy;
      });

    it("reads the same history as the memory store, whole and page by page, and the same state", async () => {
      const memory = new MemoryStore();
      const file = new FileStore(join(dir, ".durable"));
      await run(memory);
      await run(file);
      // Snapshots apart (each store decides when from the bytes it writes): the same records.
      const steps = (records: JournalRecord[]) => withoutTimes(records.filter((r) => r.type !== "segment" && r.type !== "snapshot"));
      const whole = (await file.history("t")).records.filter((r) => r.type !== "segment");
      assert.deepEqual(steps(whole), steps((await memory.history("t")).records));
      const journal = readFileSync(join(dir, ".durable", "threads", "t", "journal-000001.ndjson"), "utf8");
      assert.equal(journal.split("\n").filter((line) => line.startsWith('{"q":')).length, 40, "each single-node step is one line");
      for (const limit of [1, 2, 3, 5, 7]) {
        const pages: JournalRecord[] = [];
        let afterSeq: number | undefined;
        for (;;) {
          const page = await new FileStore(join(dir, ".durable")).history("t", { limit, ...(afterSeq === undefined ? {} : { afterSeq }) });
          pages.push(...page.records);
          if (page.nextSeq === undefined) break;
          afterSeq = page.nextSeq;
        }
        assert.deepEqual(pages.filter((r) => r.type !== "segment"), whole, `pages of ${limit}`);
      }
      assert.deepEqual((await file.checkpoint("t")).state, (await memory.checkpoint("t")).state);
      assert.deepEqual((await file.checkpoint("t", 20)).state, (await memory.checkpoint("t", 20)).state);
      const report = await file.verify("t");
      assert.equal(report.step, 41);
      const reopened = await file.open("t");
      assert.deepEqual(reopened.resume.state, (await memory.checkpoint("t")).state);
      await reopened.close();
    });
  });
});
