import * as assert from "node:assert/strict";
import { finishMessage } from "../../../src/extension/runs/finishMessage";

/** A run that failed with `error`, as RunManager reports it. */
const failed = (code: string, details: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  thread: "t1",
  status: "failed" as const,
  step: 4,
  error: { code, message: `${code} happened`, details, ...more },
});

describe("how a failed run is announced", () => {
  const path = "/work/project/.durable/threads/t1/journal-000002.ndjson";

  for (const [code, errno, cause, remedy] of [
    ["STORE_NO_SPACE", "ENOSPC", "the disk holding its store is full", "Free space"],
    ["STORE_READ_ONLY", "EROFS", "its store cannot be written (read-only or permission denied)", "Make the store writable"],
    ["STORE_IO", "EIO", "the store's file system failed", "Check the disk"],
  ] as const) {
    it(`${code}: names the cause and the path, offers Resume, never blames the graph`, () => {
      // A store error may still carry the node it interrupted: it must not turn into "fix the graph".
      const message = finishMessage(failed(code, { path, errno }, { node: "step_3", file: "/work/project/a.graph.ts", line: 3 }), (p) => p.replace("/work/project/", ""));
      assert.equal(message.severity, "error");
      assert.equal(message.text, `Thread t1 stopped: ${cause} (${errno} at .durable/threads/t1/journal-000002.ndjson). ${remedy}, then resume: nothing committed was lost.`);
      assert.deepEqual(message.actions, ["Resume Thread", "Show Output"]);
      assert.doesNotMatch(message.text, /graph|node/);
      assert.equal(message.text.split("\n").length, 1, "one line");
    });
  }

  it("a store error without details still names its cause", () => {
    assert.equal(finishMessage(failed("STORE_IO", {})).text, "Thread t1 stopped: the store's file system failed. Check the disk, then resume: nothing committed was lost.");
  });

  it("GRAPH_CHANGED says nothing was written and offers no failing line", () => {
    const message = finishMessage(failed("GRAPH_CHANGED", {}));
    assert.match(message.text, /^Thread t1 was not resumed: the graph changed .*Nothing was written/);
    assert.ok(!message.actions.includes("Open Failing Line"));
  });

  it("a node's own error still points at the graph's failing line", () => {
    const message = finishMessage(failed("NODE_FAILED", {}, { node: "step_3", file: "/work/project/a.graph.ts", line: 3 }));
    assert.equal(message.text, "Thread t1 failed in node step_3: NODE_FAILED happened");
    assert.deepEqual(message.actions, ["Open Failing Line", "Show Output"]);
  });
});
