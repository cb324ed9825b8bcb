// UI end-to-end of an unmodified LangGraph.js graph, as a user: the example (examples/langgraph/agent.graph.ts:
// planner → search ‖ calculate → review, looping once → approval's interrupt() → send) runs from the palette
// to its interrupt; the Threads view says the thread waits for input; the run panel shows one cell per node per
// super-step, LangGraph's own diagram (START/END, the parallel tools, the conditional loop) and the question with
// a JSON answer box (interrupt() has no schema); the answer sent there resumes the thread (Command({ resume }))
// and it completes. The workspace gets @langchain/* from this repository's node_modules (the versions the
// example's package.json pins), as `npm ci` in the example folder would.
// Run alone: node --test --test-name-pattern='<name>' test/e2e/langGraph.e2e.test.mjs.
// Screenshots go to .artifacts/screenshots/langgraph-*.png. Run: npm run test:e2e
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { answerInput, notifications, openView, runCommand, screenshot, startWorkbench } from "../vscode/e2e/workbench.mjs";
import { CONTAINER_LABEL, cli, panelFrame, root, threadRow, uiTest, vsix } from "./support.mjs";

let workbench;
let workspace;

const test = uiTest("langgraph", () => workbench);
const stage = async (page, name) => console.log(`screenshot: ${await screenshot(page, name)}`);

const RUN = {
  threadId: { title: "Run Graph", message: /^Thread id:/ },
  input: { title: "Run Graph", message: /^Input \(optional\)/ },
};

before(async () => {
  assert.ok(existsSync(vsix), "npm run package built durable-graphs.vsix");
  workspace = mkdtempSync(join(tmpdir(), "dg-e2e-langgraph-"));
  for (const file of ["agent.graph.ts", "package.json"]) cpSync(join(root, "examples", "langgraph", file), join(workspace, file));
  mkdirSync(join(workspace, "node_modules"));
  symlinkSync(join(root, "node_modules", "@langchain"), join(workspace, "node_modules", "@langchain"), "dir");
  workbench = await startWorkbench({ extensionVsix: vsix, workspace, viewport: { width: 1400, height: 900 }, settings: { "workbench.colorTheme": "Default Dark Modern" } });
});

after(async () => {
  await workbench?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test("the LangGraph.js example runs to its interrupt(); the panel shows its cells and diagram; the answer given there completes it", async (page) => {
  await runCommand(page, "Durable Graphs: Run Graph", { expect: RUN.threadId });
  await answerInput(page, RUN.threadId, "report", { next: RUN.input });
  await answerInput(page, RUN.input, '{"topic":"Q3 sales"}');
  await notifications(page, { waitForText: "Thread report is waiting for input after step 6: approval asks.", timeout: 90_000 });
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Thread report is waiting for input" });

  await openView(page, CONTAINER_LABEL);
  const row = threadRow(page, "report");
  await row.filter({ hasText: "waiting for input · approval asks" }).waitFor({ timeout: 60_000 });
  await row.hover();
  await row.locator('.action-label[aria-label="Answer…"]').waitFor({ timeout: 30_000 });
  await stage(page, "langgraph-1-waiting-in-tree");

  await toast.locator(".monaco-button", { hasText: "Open Run Panel" }).click();
  const frame = panelFrame(page);
  const question = frame.locator(".question-cell").first();
  await question.locator(".answer-form").waitFor({ timeout: 60_000 });
  assert.equal(await frame.locator(".run-header .status").innerText(), "waiting for input");
  assert.match(await question.locator(".question-value").innerText(), /"question": "Send this report\?"/);
  assert.match(await frame.locator(".run-header").innerText(), /agent\.graph\.ts · LangGraph\.js/);
  // Fork from here, yes; Edit state, no (a LangGraph.js thread's state is not edited from the panel).
  assert.ok((await frame.locator(".node-cell .fork:visible").count()) > 0);
  assert.equal(await frame.locator(".node-cell .edit-state:visible").count(), 0);
  // No schema, no form to switch from: the answer box takes JSON.
  assert.equal(await question.getByRole("button", { name: "Edit as JSON" }).count(), 0);
  // One cell per node per super-step: two rounds of planner and the parallel tools, review after each.
  const names = await frame.locator(".node-cell .node-name").allInnerTexts();
  assert.deepEqual(names.filter((n) => n === "planner" || n === "review"), ["planner", "review", "planner", "review"]);
  assert.deepEqual([names.filter((n) => n === "search").length, names.filter((n) => n === "calculate").length], [2, 2]);
  // LangGraph's own diagram: START and END, the tools fanned out, review's router dashed.
  await frame.locator('.diagram g.node[data-node="approval"]').waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('.diagram g.node.terminal[data-node="__start__"] text').textContent(), "START");
  assert.equal(await frame.locator('.diagram g.node.terminal[data-node="__end__"] text').textContent(), "END");
  assert.equal(await frame.locator(".diagram path.edge.conditional").count(), 2);
  for (const edge of ["planner→search", "planner→calculate", "review→planner"]) assert.equal(await frame.locator(`.diagram path[data-edge="${edge}"]`).count(), 1, edge);
  assert.match((await frame.locator('.diagram g.node[data-node="approval"]').getAttribute("class")) ?? "", /\bnext\b/);
  await stage(page, "langgraph-2-question-cells-diagram");

  // interrupt() has no schema: the answer is any JSON, typed in the JSON box.
  await question.locator("textarea.json-editor").fill('{"approved": true}');
  await stage(page, "langgraph-3-answer-typed");
  await question.getByRole("button", { name: "Send Answer" }).click();

  await frame.locator(".run-header .status", { hasText: "completed" }).waitFor({ timeout: 90_000 });
  await question.locator(".answer-value").waitFor({ timeout: 30_000 });
  assert.match(await question.locator(".answer-value").innerText(), /"approved": true/);
  await frame.locator(".node-cell .node-name", { hasText: "send" }).waitFor({ timeout: 30_000 });
  assert.deepEqual((await frame.locator(".node-cell .node-name").allInnerTexts()).slice(-2), ["approval", "send"]);
  await stage(page, "langgraph-4-answered-completed");
  await openView(page, CONTAINER_LABEL);
  await threadRow(page, "report").filter({ hasText: "completed" }).waitFor({ timeout: 30_000 });
  const state = JSON.parse(cli(workspace, ["show", "report", "--state", "--json"]).stdout);
  assert.match(JSON.stringify(state), /sent: Q3 sales: 4 findings after 2 rounds/);
});
