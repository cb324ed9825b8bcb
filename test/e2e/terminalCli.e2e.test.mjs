// UI end-to-end: VS Code's integrated terminal has the `durable-graphs` CLI the installed extension ships
// (its bin/ on PATH, run by the editor's own Node): no npm install, no Node on PATH needed. The terminal's
// output is not read from the screen: the commands write files the test reads.
// Run alone: node --test --test-concurrency=1 test/e2e/terminalCli.e2e.test.mjs
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { openView, runCommand, screenshot, startWorkbench, treeRows } from "../vscode/e2e/workbench.mjs";
import { CONTAINER, CONTAINER_LABEL, cli, root, uiTest, vsix } from "./support.mjs";

let workbench;
let workspace;
const test = uiTest("terminal-cli", () => workbench);

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-terminal-"));
  cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(workspace, "durable.graph.ts"));
  workbench = await startWorkbench({ extensionVsix: vsix, workspace });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

/** Resolves with the file's text once the terminal has written it (and the line that ends it). */
async function written(file, timeout = 60_000) {
  const path = join(workspace, file);
  const deadline = Date.now() + timeout;
  for (;;) {
    if (existsSync(path)) {
      const text = readFileSync(path, "utf8");
      if (text.endsWith("\n")) return text;
    }
    if (Date.now() > deadline) throw new Error(`the terminal did not write ${file} within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test("a new terminal runs durable-graphs from the installed extension, on the editor's own Node", async (page) => {
  const made = cli(workspace, ["run", "durable.graph.ts", "--thread", "from-cli"]);
  assert.equal(made.status, 0, made.stderr);
  // The extension has activated (its view lists the graph): terminals opened from now on get the CLI.
  await openView(page, CONTAINER_LABEL);
  await treeRows(page, CONTAINER, { waitForText: "durable.graph.ts", timeout: 60_000 });
  await runCommand(page, "Terminal: Create New Terminal");
  // Keys typed once the terminal has focus reach the shell (the terminal queues them until it reads).
  await page.locator(".terminal-wrapper .xterm-helper-textarea:focus").waitFor({ timeout: 60_000 });
  await page.keyboard.type("command -v durable-graphs > where.txt; durable-graphs threads --json > threads.json; echo $? > exit.txt; durable-graphs run durable.graph.ts --thread in-terminal > run.txt; echo done > done.txt");
  await page.keyboard.press("Enter");
  await written("done.txt");
  await screenshot(page, "terminal-cli-1");
  const where = (await written("where.txt")).trim();
  assert.match(where, /\/bin\/durable-graphs$/, where);
  assert.ok(!where.startsWith(root), `the shipped CLI (${where}), not the repository's`);
  assert.equal((await written("exit.txt")).trim(), "0");
  const threads = JSON.parse(await written("threads.json"));
  assert.deepEqual(threads.map((t) => [t.id, t.status]), [["from-cli", "completed"]]);
  assert.match(await written("run.txt"), /completed at step 3/);
  const after = JSON.parse(cli(workspace, ["threads", "--json"]).stdout);
  assert.equal(after.find((t) => t.id === "in-terminal")?.status, "completed");
});
