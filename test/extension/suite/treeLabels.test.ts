import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import type { ThreadNode } from "../../../src/extension/tree/treeNodes";
import { extensionApi, graphFile } from "./api";

// A node's name and an error written to look like Markdown, a theme icon, a link, or to reorder and
// split the row they are shown in.
const NODE = "**$(error)** [x](https://e.com) \u202Eevil";
const MESSAGE = "bad\u2028# not a heading\n<b>$(pass)</b> &lt;";
const GRAPH = `import { StateGraph, START, END, z } from "durable-graphs";
export default new StateGraph(z.object({ n: z.number().default(0) }))
  .addNode(${JSON.stringify(NODE)}, async () => ({ n: 1 }))
  .addNode("fails", async () => { throw new Error(${JSON.stringify(MESSAGE)}); })
  .addEdge(START, ${JSON.stringify(NODE)}).addEdge(${JSON.stringify(NODE)}, "fails").addEdge("fails", END);
`;

describe("the Threads view shows names and errors from a graph as the characters they are", function () {
  this.timeout(90_000);

  it("labels and descriptions escape what would reorder or split them; tooltips show Markdown and icons as text", async () => {
    await vscode.workspace.fs.writeFile(graphFile("hostile names.graph.ts"), Buffer.from(GRAPH));
    const finish = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile("hostile names.graph.ts"), thread: "hostile" });
    assert.equal(finish?.status, "failed", JSON.stringify(finish));
    const api = await extensionApi();
    const graph = (await api.services.tree.listGraphs()).find((g) => g.label === "hostile names.graph.ts");
    assert.ok(graph, "the graph's row");
    const info = graph.threads.find((t) => t.id === "hostile")!;
    const thread = api.services.tree.getTreeItem({ kind: "thread", entry: graph.entry, info } satisfies ThreadNode);

    const tooltip = (thread.tooltip as vscode.MarkdownString).value;
    // Every Markdown character of the name and the message is escaped, and each `$(` of theirs keeps a
    // backslash through Markdown so VS Code draws it as text, not as an icon.
    assert.ok(tooltip.includes("\\*\\*\\\\\\$\\(error\\)\\*\\* \\[x\\]\\(https\\:\\/\\/e\\.com\\) \\\\u202Eevil"), tooltip);
    assert.ok(tooltip.includes("bad\\\\u2028\\# not a heading  \n\\<b\\>\\\\\\$\\(pass\\)\\<\\/b\\> \\&lt\\;"), tooltip);
    assert.doesNotMatch(tooltip, /[\u202E\u2028]/);

    const checkpoints = (await api.services.tree.getChildren({ kind: "thread", entry: graph.entry, info })).filter((n) => n.kind === "checkpoint");
    const labels = checkpoints.map((n) => String(api.services.tree.getTreeItem(n).label));
    assert.ok(labels.includes("step 1 · **$(error)** [x](https://e.com) \\u202Eevil"), labels.join(" | "));
    for (const text of [...labels, String(thread.label), String(thread.description)]) assert.doesNotMatch(text, /[\u202E\u2028\n]/);
  });
});
