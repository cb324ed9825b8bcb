import assert from "node:assert/strict";
import { verifyVerdict } from "../../../src/cli/verifyVerdict";

const plain = (text: string) => text.replace(/\x1b\[\d+m/g, "");

describe("verify's verdict", () => {
  const report = { records: 12, segments: 2, lastSeq: 11, bytes: 3456, step: 3 };

  it("clean: the counts and the last committed step", () => {
    assert.equal(plain(verifyVerdict("t", report)), "✔ t: 12 records in 2 segment(s), 3456 bytes, last committed step 3; all checksums and sequence numbers valid");
  });

  it("a torn tail: one line naming the file, the offset and the bytes, and that the next run cuts it", () => {
    const line = plain(verifyVerdict("t", { ...report, tornTail: { file: "/ws/.durable/threads/t/journal-000002.ndjson", offset: 3456, bytes: 40 } }));
    assert.doesNotMatch(line, /\n/);
    assert.match(line, /^⚠ t: torn tail: 40 bytes at offset 3456 of \/ws\/\.durable\/threads\/t\/journal-000002\.ndjson /);
    assert.match(line, /the next run or resume cuts it/);
  });
});
