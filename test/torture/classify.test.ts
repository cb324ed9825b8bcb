import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classify, readTemplate, type Template } from "./helpers/damage";

/**
 * The damage fuzzer's oracle, on a hand-made two-segment journal: which damage is a torn tail, which
 * changes nothing, which must be refused. (The fuzzer is only as good as this.)
 */
describe("torture: how the damage fuzzer classifies damage", () => {
  let dir: string;
  let template: Template;
  const first = ['{"seq":0,"type":"segment"}', '{"seq":1,"type":"thread"}', '{"seq":2,"type":"checkpoint","step":0}', '{"seq":3,"type":"checkpoint","step":1}'];
  const sealed = Buffer.byteLength(first.map((l) => `${l}\n`).join(""));
  const second = [`{"seq":4,"type":"segment","prev":{"end":${sealed}}}`, '{"seq":5,"type":"run"}', '{"seq":6,"type":"checkpoint","step":2}', '{"seq":7,"type":"end"}'];
  const newest = () => join(dir, "journal-000002.ndjson");
  const lineStart = (lines: string[], index: number) => Buffer.byteLength(lines.slice(0, index).map((l) => `${l}\n`).join(""));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dg-torture-classify-"));
    writeFileSync(join(dir, "journal-000001.ndjson"), first.map((l) => `${l}\n`).join(""));
    writeFileSync(newest(), second.map((l) => `${l}\n`).join(""));
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ step: 2 }));
    template = readTemplate(dir, "t", true);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the template: segments, seals, committed steps", () => {
    assert.deepEqual(template.segments.map((s) => s.seal), [sealed, readFileSync(newest()).length]);
    assert.deepEqual(template.segments[1]!.steps, [undefined, undefined, 2, undefined]);
    assert.equal(template.metaStep, 2);
  });

  it("a tail with no newline after the newest segment's last record is torn", () => {
    appendFileSync(newest(), '{"seq":8,"ty');
    const got = classify(template, dir);
    assert.ok(got.outcome === "torn", got.why);
    assert.deepEqual([got.file, got.offset, got.bytes], ["journal-000002.ndjson", lineStart(second, 4), 12]);
  });

  it("a cut inside the last record, after the last commit, is torn; inside the last commit it is damage", () => {
    truncateSync(newest(), lineStart(second, 3) + 5);
    assert.equal(classify(template, dir).outcome, "torn");
    truncateSync(newest(), lineStart(second, 2) + 5);
    assert.equal(classify(template, dir).outcome, "damaged", "step 2 is lost");
  });

  it("a cut exactly at a record boundary after the last commit changes nothing; before it, it is damage", () => {
    truncateSync(newest(), lineStart(second, 3));
    assert.equal(classify(template, dir).outcome, "intact");
    truncateSync(newest(), lineStart(second, 2));
    assert.equal(classify(template, dir).outcome, "damaged");
  });

  it("a whole bad line at the end is damage, not a torn tail", () => {
    appendFileSync(newest(), "garbage\n");
    assert.equal(classify(template, dir).outcome, "damaged");
  });

  it("bytes past a sealed segment's seal are never read; anything before it is damage", () => {
    appendFileSync(join(dir, "journal-000001.ndjson"), "fenced writer's garbage\n");
    assert.equal(classify(template, dir).outcome, "intact");
    const bytes = Buffer.from(first.map((l) => `${l}\n`).join(""));
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(join(dir, "journal-000001.ndjson"), bytes);
    assert.equal(classify(template, dir).outcome, "damaged");
  });

  it("a deleted or emptied segment is damage", () => {
    for (const name of ["journal-000001.ndjson", "journal-000002.ndjson"]) {
      const saved = readFileSync(join(dir, name));
      truncateSync(join(dir, name), 0);
      assert.equal(classify(template, dir).outcome, "damaged", `${name} emptied`);
      rmSync(join(dir, name));
      assert.equal(classify(template, dir).outcome, "damaged", `${name} deleted`);
      writeFileSync(join(dir, name), saved);
    }
  });
});
