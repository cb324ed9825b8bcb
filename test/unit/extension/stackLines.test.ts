import assert from "node:assert/strict";
import { stackLines } from "../../../src/extension/panel/stackLines";

describe("the run panel's stack lines", () => {
  it("links the workspace's frames and marks Durable Graphs' and Node's own as internal", () => {
    const stack = [
      "Error: rate limited",
      "    at draft (/ws/approval.graph.ts:12:11)",
      "    at Kk (/home/u/.vscode/extensions/durable-graphs-0.1.0/dist/runner.js:73:5983)",
      "    at async Promise.all (index 0)",
      "    at async runNode (/home/u/.vscode/extensions/durable-graphs-0.1.0/dist/runner.js:73:6100)",
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
      "    at new Promise (<anonymous>)",
      "    at lib (/ws/node_modules/lib/index.js:1:1)",
    ].join("\n");
    const lines = stackLines(stack, "/ws");
    assert.deepEqual(
      lines.map((l) => [l.text.trim().split(" (")[0], l.at ? "linked" : l.internal ? "internal" : "shown"]),
      [
        ["Error: rate limited", "shown"],
        ["at draft", "linked"],
        ["at Kk", "internal"],
        ["at async Promise.all", "internal"],
        ["at async runNode", "internal"],
        ["at process.processTicksAndRejections", "internal"],
        ["at new Promise", "internal"],
        ["at lib", "shown"],
      ],
    );
    assert.deepEqual(lines[1]!.at, { file: "/ws/approval.graph.ts", line: 12, column: 11 });
  });
});
