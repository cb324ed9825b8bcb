import * as assert from "node:assert/strict";
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunEvent } from "../../../src/core/protocol/runEvents";
import type { ToPanel } from "../../../src/core/protocol/panelMessages";
import type { JournalRepair } from "../../../src/core/store/checkpointStore";
import { ThreadFeed } from "../../../src/extension/panel/threadFeed";
import type { RunPanel } from "../../../src/extension/panel/runPanel";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import { outputLine } from "../../../src/extension/runs/runOutput";
import type { FolderStore } from "../../../src/extension/workspaceStores";
import { extensionApi, graphFile } from "./api";

/** What a process killed mid-write leaves at the end of a journal: the start of a record, no newline. */
const TORN_TAIL = '{"seq":99,"type":"node"';

/** A thread interrupted after step_1 whose newest journal segment ends in a torn record. */
async function tornThread(thread: string): Promise<{ entry: FolderStore; journal: string; offset: number }> {
  const api = await extensionApi();
  const crashed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.runAndCrash", { file: graphFile(), thread, crashAfter: "step_1" });
  assert.equal(crashed?.status, "crashed", JSON.stringify(crashed));
  const entry = api.services.stores.all()[0]!;
  const dir = join(entry.storeDir, "threads", thread);
  const newest = readdirSync(dir).filter((f) => /^journal-\d+\.ndjson$/.test(f)).sort().at(-1);
  assert.ok(newest, `a journal segment in ${dir}`);
  const journal = join(dir, newest);
  const offset = statSync(journal).size;
  appendFileSync(journal, TORN_TAIL);
  return { entry, journal, offset };
}

/** The thread's summary (meta.json) as the store keeps it, with the last repair recorded as the store records it. */
function recordRepairInSummary(entry: FolderStore, thread: string, repair: JournalRepair): void {
  const file = join(entry.storeDir, "threads", thread, "meta.json");
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), repaired: repair }));
}

/** Markdown escapes taken out, to compare the words a user reads. */
const unescape = (markdown: string) => markdown.replace(/\\(.)/g, "$1");

function expectedSentence(journal: string): string {
  return `Journal repaired when the thread was last opened: an incomplete record of ${TORN_TAIL.length} bytes was cut from the end of ${journal.split("/").at(-1)}`;
}

describe("journal repairs (a torn tail cut when a thread is opened)", function () {
  this.timeout(90_000);

  it("the Threads view and the run panel's header say so when the thread's summary records a repair", async () => {
    const api = await extensionApi();
    const { entry, journal, offset } = await tornThread("torn-summary");
    const resumed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.resumeThread", "torn-summary");
    assert.equal(resumed?.status, "completed", JSON.stringify(resumed));
    // The summary as the store keeps it after cutting the tail (its contract: ThreadInfo.repaired), written
    // here until the store writes it itself; the view and the panel read it through the store as always.
    recordRepairInSummary(entry, "torn-summary", { file: journal, offset, bytes: TORN_TAIL.length, records: 1, at: Date.now() });

    const graphs = await api.services.tree.listGraphs();
    const info = graphs.flatMap((g) => g.threads).find((t) => t.id === "torn-summary");
    assert.ok(info?.repaired, "the store's listing carries the repair");
    const item = api.services.tree.getTreeItem({ kind: "thread", entry, info });
    assert.match(String(item.description), /^completed · journal repaired · step_3 · 3 steps · /);
    const tooltip = unescape((item.tooltip as vscode.MarkdownString).value);
    assert.ok(tooltip.includes(`$(warning) ${expectedSentence(journal)} (at byte ${offset}`), tooltip);
    assert.ok(tooltip.includes("Nothing committed was lost"), tooltip);

    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "torn-summary"))!;
    const sent: ToPanel[] = [];
    const subscription = panel.onDidPost((m) => sent.push(m));
    try {
      await panel.receive({ type: "ready" });
      const init = sent.find((m): m is Extract<ToPanel, { type: "init" }> => m.type === "init");
      assert.ok(init, "the panel was initialised");
      assert.equal(init.thread.repaired?.message, expectedSentence(journal));
      assert.equal(init.thread.repaired?.offset, offset);
      assert.equal(init.thread.repaired?.bytes, TORN_TAIL.length);
    } finally {
      subscription.dispose();
      panel.dispose();
    }
  });

  it("a live run's `repaired` event reaches the panel's header and the output channel", async () => {
    const { entry, journal, offset } = await tornThread("torn-live");
    const event: RunEvent = { type: "repaired", thread: "torn-live", file: journal, offset, bytes: TORN_TAIL.length, records: 1 };
    // The panel's feed, as RunPanel drives it: the run's events first, then the thread read from the store.
    const feed = new ThreadFeed(entry.store, "torn-live");
    feed.follow(event);
    assert.equal(await feed.refresh(), "ok");
    const header = feed.header(true, true);
    assert.equal(header?.repaired?.message, expectedSentence(journal));
    assert.equal(outputLine("torn-live", event), `[torn-live] ${expectedSentence(journal)} (at byte ${offset}); nothing committed was lost`);
  });

  it("resuming a thread with a torn tail completes it; the store's repair report shows in the view and the panel", async function () {
    const api = await extensionApi();
    const { entry, journal } = await tornThread("torn-real");
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "torn-real"))!;
    const sent: ToPanel[] = [];
    const subscription = panel.onDidPost((m) => sent.push(m));
    const events: RunEvent[] = [];
    const runEvents = api.services.runs.onDidEvent((c) => c.thread === "torn-real" && events.push(c.event));
    try {
      await panel.receive({ type: "ready" });
      const resumed = await vscode.commands.executeCommand<RunFinish>("durableGraphs.resumeThread", "torn-real");
      assert.equal(resumed?.status, "completed", JSON.stringify(resumed));
      const nodes = (await entry.store.history("torn-real")).records.flatMap((r) => (r.type === "node" ? [r.node] : []));
      assert.deepEqual(nodes, ["step_1", "step_2", "step_3"], "the torn record was dropped, nothing else");

      const repaired = events.find((e): e is Extract<RunEvent, { type: "repaired" }> => e.type === "repaired");
      assert.ok(repaired, "the run reported the repair");
      assert.equal(repaired.bytes, TORN_TAIL.length);
      assert.ok(
        sent.some((m) => m.type === "thread" && m.thread.repaired?.message === expectedSentence(journal)),
        "the panel's header shows the repair during the run",
      );
      const info = await entry.store.getThread("torn-real");
      assert.equal(info?.repaired?.bytes, TORN_TAIL.length, "the thread's summary keeps the repair");
      const item = api.services.tree.getTreeItem({ kind: "thread", entry, info: info! });
      assert.match(String(item.description), /^completed · journal repaired · /);
    } finally {
      runEvents.dispose();
      subscription.dispose();
      panel.dispose();
    }
  });
});
