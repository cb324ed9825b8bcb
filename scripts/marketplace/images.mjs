// Makes the pictures the Marketplace README shows, from the real thing: the icon (media/marketplace/
// icon.svg rendered by chromium into icon.png), and screenshots of the packaged extension in a real
// VS Code (code-server, the e2e harness) telling the seed's story — a run crashes, the window reloads,
// the thread resumes where it stopped — assembled into an animation (crash-reload-resume.png, an APNG).
//   npm run package && node scripts/marketplace/images.mjs        (then look at media/marketplace/)
// Not part of the tests: run it when the UI changes enough that the pictures should too.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "../../test/vscode/lib/chromium.mjs";
import { createProfile } from "../../test/vscode/lib/profile.mjs";
import { answerInput, notifications, openView, pickItem, reloadWindow, runCommand, screenshot, startWorkbench } from "../../test/vscode/e2e/workbench.mjs";
import { CONTAINER_LABEL, panelFrame, root, threadRow, vsix } from "../../test/e2e/support.mjs";
import { assembleApng } from "./apng.mjs";

const out = join(root, "media", "marketplace");
const VIEWPORT = { width: 1280, height: 720 };

/** icon.svg → icon.png, 256×256 with its transparent corners (the Marketplace asks for at least 128×128). */
async function renderIcon() {
  const profile = createProfile();
  const { context, page } = await launchChromium(profile, { viewport: { width: 256, height: 256 } });
  try {
    const svg = readFileSync(join(out, "icon.svg"), "utf8");
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    writeFileSync(join(out, "icon.png"), await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: 256, height: 256 } }));
  } finally {
    await context.close();
    profile.dispose();
  }
}

/** The story's frames, each a screenshot of the workbench with the thread's run panel open. */
async function storyFrames() {
  const workspace = mkdtempSync(join(tmpdir(), "dg-marketplace-"));
  cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(workspace, "durable.graph.ts"));
  const workbench = await startWorkbench({ extensionVsix: vsix, workspace, viewport: VIEWPORT, settings: { "workbench.colorTheme": "Default Dark Modern" } });
  const { page } = workbench;
  const frames = [];
  // A caption drawn over the empty foot of the editor (clear of the notifications) says what each frame shows (the rest is the real UI).
  const shoot = async (name, delayMs, caption) => {
    await page.evaluate((text) => {
      const note = document.getElementById("dg-caption") ?? document.body.appendChild(document.createElement("div"));
      note.id = "dg-caption";
      note.textContent = text;
      Object.assign(note.style, { position: "fixed", left: "368px", bottom: "40px", maxWidth: "430px", padding: "12px 16px", borderRadius: "6px", background: "#2B7FD9", color: "#fff", font: "600 16px/1.4 system-ui, sans-serif", boxShadow: "0 4px 16px rgba(0,0,0,.5)", zIndex: "100000" });
    }, caption);
    const png = await page.screenshot();
    writeFileSync(join(out, `${name}.png`), png);
    frames.push({ png, delayMs });
  };
  const diagramDrawn = () => panelFrame(page).locator('.diagram g.node[data-node="step_2"]').waitFor({ timeout: 30_000 });
  try {
    await openView(page, CONTAINER_LABEL);
    // 1. Run and Crash After Node… stops the process after step_1, as a crash would.
    const title = "Run and Crash After Node…";
    const ask = {
      node: { title, placeholder: /^Rehearse recovery/ },
      threadId: { title, message: /^Thread id:/ },
      input: { title, message: /^Input \(optional\)/ },
    };
    // The workspace's only graph file is taken without asking.
    await runCommand(page, `Durable Graphs: ${title}`, { expect: ask.node });
    await pickItem(page, ask.node, "step_1", { next: ask.threadId });
    await answerInput(page, ask.threadId, "demo", { next: ask.input });
    await answerInput(page, ask.input, undefined);
    await notifications(page, { waitForText: "Thread demo: the runner was killed after step 1", timeout: 60_000 });
    await threadRow(page, "demo").filter({ hasText: "interrupted" }).waitFor({ timeout: 60_000 });
    await threadRow(page, "demo").hover();
    await threadRow(page, "demo").locator('.action-label[aria-label="Open Run Panel"]').click();
    await panelFrame(page).locator(".node-cell", { hasText: "step_1" }).waitFor({ timeout: 60_000 });
    await page.locator(".notifications-toasts .notification-toast", { hasText: "Durable Graphs: demo" }).waitFor({ state: "detached", timeout: 30_000 });
    await diagramDrawn();
    await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2);
    await shoot("1-crashed", 3500, "1 · The run crashes after step_1 (Run and Crash After Node… rehearses it): the thread is interrupted at its last checkpoint.");

    // 2. Reload Window: the run panel and the Threads view come back from the store.
    await reloadWindow(page, { command: true });
    await openView(page, CONTAINER_LABEL);
    await threadRow(page, "demo").filter({ hasText: "interrupted" }).waitFor({ timeout: 60_000 });
    await panelFrame(page).locator(".node-cell", { hasText: "step_1" }).waitFor({ timeout: 60_000 });
    await diagramDrawn();
    await shoot("2-reloaded", 3500, "2 · Reload Window: the Threads view and the run panel come back from the store on disk, and say the thread can be resumed.");

    // 3. Resume: step_2 and step_3 run, step_1 does not run again.
    await panelFrame(page).getByRole("button", { name: "Resume" }).click();
    await panelFrame(page).locator(".marker", { hasText: "resumed after step 1 — completed at step 3" }).waitFor({ timeout: 60_000 });
    await threadRow(page, "demo").filter({ hasText: "completed" }).waitFor({ timeout: 60_000 });
    await page.locator(".notifications-toasts .notification-toast", { hasText: "resuming after step 1" }).waitFor({ state: "detached", timeout: 30_000 });
    await runCommand(page, "Notifications: Clear All Notifications");
    await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2);
    await shoot("3-resumed", 5000, "3 · Resume: step_2 and step_3 run; step_1, already committed, does not run again.");
    return frames;
  } catch (error) {
    console.error(`screenshot of the failure: ${await screenshot(page, "marketplace-images-failure")}`);
    throw error;
  } finally {
    await workbench.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

assert.ok(existsSync(vsix), "npm run package first: the pictures are of the packaged extension");
await renderIcon();
const frames = await storyFrames();
writeFileSync(join(out, "crash-reload-resume.png"), assembleApng(frames));
console.log(`wrote ${out}: icon.png, 1-crashed.png, 2-reloaded.png, 3-resumed.png, crash-reload-resume.png`);
