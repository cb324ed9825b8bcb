import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import type { DurableGraphsApi } from "../../../src/extension/extension";
import { extensionApi, graphFile, workspaceFolder } from "./api";

/** The thread's row as the Threads view shows it (description and tooltip). */
async function threadRow(api: DurableGraphsApi, thread: string): Promise<vscode.TreeItem> {
  const graphs = await api.services.tree.listGraphs();
  for (const graph of graphs) {
    const info = graph.threads.find((t) => t.id === thread);
    if (info) return api.services.tree.getTreeItem({ kind: "thread", entry: graph.entry, info });
  }
  assert.fail(`no thread ${thread} in the view`);
}

/** Lists until the row's description matches: each listing asks for a judgement, whose answer is awaited (no sleeping). */
async function rowMatching(api: DurableGraphsApi, thread: string, pattern: RegExp): Promise<vscode.TreeItem> {
  const drifts = api.services.drifts!;
  for (let tries = 0; tries < 20; tries++) {
    // A judgement that changes nothing fires nothing: list again after a while at the latest.
    let timer: NodeJS.Timeout | undefined;
    let once: vscode.Disposable | undefined;
    const judged = new Promise<void>((resolve) => {
      once = drifts.onDidChange(() => resolve());
      timer = setTimeout(resolve, 5000);
    }).finally(() => {
      clearTimeout(timer);
      once?.dispose();
    });
    const row = await threadRow(api, thread);
    if (pattern.test(String(row.description))) return row;
    await judged;
  }
  assert.fail(`the row of ${thread} never matched ${pattern}`);
}

/** The tooltip as read, without Markdown's escapes. */
function tooltipText(item: vscode.TreeItem): string {
  return (item.tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, "$1");
}

function threadFiles(storeDir: string, thread: string): Record<string, string> {
  const dir = join(storeDir, "threads", thread);
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, createHash("sha256").update(readFileSync(join(dir, name))).digest("hex")]));
}

describe("a thread whose graph file was edited since its last run", function () {
  this.timeout(120_000);

  it("shows 'graph changed' in the Threads view with what changed; an incompatible edit is refused on Resume with nothing written", async () => {
    const api = await extensionApi();
    const file = vscode.Uri.joinPath(workspaceFolder().uri, "edited.graph.ts").fsPath;
    writeFileSync(file, readFileSync(graphFile().fsPath, "utf8"));
    const crashed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runAndCrash", { file: vscode.Uri.file(file), thread: "edited", crashAfter: "step_1" });
    assert.equal(crashed?.status, "crashed", JSON.stringify(crashed));
    const before = await threadRow(api, "edited");
    assert.doesNotMatch(String(before.description), /graph changed/);

    writeFileSync(file, readFileSync(file, "utf8").replace(`return { steps: ["step_2"] };`, `return { steps: ["step_2 (edited)"] };`));
    const compatible = await rowMatching(api, "edited", /interrupted · graph changed ·/);
    assert.match(tooltipText(compatible), /node step_2 changed\. Resume runs it on the new graph/);

    writeFileSync(file, readFileSync(file, "utf8").replace("steps: z.array(z.string())", "steps: z.array(z.number())"));
    const refused = await rowMatching(api, "edited", /graph changed: resume refused/);
    assert.match(tooltipText(refused), /key steps changed.*Resume is refused: .*"steps\.0".*migrate/s);

    const entry = api.services.stores.all()[0]!;
    const files = threadFiles(entry.storeDir, "edited");
    const resumed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.resumeThread", "edited");
    assert.equal(resumed?.error?.code, "GRAPH_CHANGED", JSON.stringify(resumed));
    assert.deepEqual(threadFiles(entry.storeDir, "edited"), files, "no segment added, no byte changed");
  });
});
