import assert from "node:assert/strict";
import type { ErrorPayload, RunEvent } from "../../../src/core/protocol/runEvents";
import { EXIT, exitCodeFor } from "../../../src/cli/exitCodes";
import { eventRenderer } from "../../../src/cli/renderEvents";
import { asStoreFailure } from "../../../src/cli/storeFailure";
import { hintFor } from "../../../src/cli/userMessage";

const plain = (text: string) => text.replace(/\x1b\[\d+m/g, "");

function rendered(events: RunEvent[]): string[] {
  const lines: string[] = [];
  const render = eventRenderer((line) => lines.push(...plain(line).split("\n")));
  events.forEach(render);
  return lines;
}

const started: RunEvent = { type: "run-started", thread: "t", graph: "g.graph.ts", resumed: true, step: 3, lastNodes: ["a"], next: ["b"], pending: [], pid: 1 };

describe("the CLI on failures of the store's disk", () => {
  it("gives each its own exit code, never bad usage or a failed run", () => {
    assert.equal(exitCodeFor("STORE_NO_SPACE"), 7);
    assert.equal(exitCodeFor("STORE_READ_ONLY"), 8);
    assert.equal(exitCodeFor("STORE_IO"), 9);
    assert.equal(EXIT.tornTail, 10);
    assert.equal(exitCodeFor("STORE_CORRUPT"), 5);
  });

  it("says what to do, and that resume continues from the last checkpoint", () => {
    for (const [code, what] of [
      ["STORE_NO_SPACE", /free space/],
      ["STORE_READ_ONLY", /make the store writable/],
      ["STORE_IO", /check the disk/],
    ] as const) {
      const hint = hintFor({ code, message: "x" }, "t")!;
      assert.match(hint, what);
      assert.match(hint, /`durable-graphs resume t` continues from the last checkpoint; nothing committed was lost/);
      assert.doesNotMatch(hint, /\bfix\b|\bgraph\b/, "never blamed on the graph");
      assert.match(hintFor({ code, message: "x" })!, /run the command again/, "no thread to name");
    }
  });

  it("tells a run stopped by the disk without blaming a node or the graph", () => {
    const error: ErrorPayload = { code: "STORE_NO_SPACE", message: "no space left on device writing /ws/.durable/threads/t/journal-000002.ndjson", node: "b" };
    const lines = rendered([started, { type: "failed", step: 3, error }]);
    assert.deepEqual(lines.slice(-2), [
      "✖ stopped: no space left on device writing /ws/.durable/threads/t/journal-000002.ndjson (last checkpoint: step 3)",
      "  free space on that disk (or raise the quota), then `durable-graphs resume t` continues from the last checkpoint; nothing committed was lost",
    ]);
  });

  it("tells a bare Node error of the disk the same way (one line, the path and the cause)", () => {
    const raw = Object.assign(new Error("EACCES: permission denied, open '/ws/.durable/store.json'"), { code: "EACCES", syscall: "open", path: "/ws/.durable/store.json" });
    const told = asStoreFailure({ code: "INTERNAL", message: raw.message }, raw);
    assert.equal(told.code, "STORE_READ_ONLY");
    assert.equal(exitCodeFor(told.code), 8);
    assert.equal(told.message, "EACCES: permission denied, open '/ws/.durable/store.json'");
    const other = Object.assign(new Error("nope"), { code: "ENOENT", syscall: "open" });
    assert.equal(asStoreFailure({ code: "INTERNAL", message: "nope" }, other).code, "INTERNAL");
  });
});

describe("the CLI on a graph that no longer fits the stored state", () => {
  it("exits 2 (nothing was written) and offers the ways forward", () => {
    assert.equal(exitCodeFor("GRAPH_CHANGED"), EXIT.usage);
    const hint = hintFor({ code: "GRAPH_CHANGED", message: "x" }, "t")!;
    assert.match(hint, /nothing was written/);
    assert.match(hint, /durable-graphs fork t --at STEP/);
    assert.match(hint, /--fresh/);
  });
});

describe("the CLI on a repaired journal", () => {
  it("says in one line what opening the thread cut", () => {
    const lines = rendered([started, { type: "repaired", thread: "t", file: "/ws/.durable/threads/t/journal-000002.ndjson", offset: 4096, bytes: 312, records: 1 }]);
    assert.equal(
      lines[2],
      "  repaired: cut an incomplete record (312 bytes) at byte 4096 of journal-000002.ndjson (a process died mid-write); resuming from the last complete one",
    );
  });
});
