import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { CellSummary, ToPanel } from "../../../src/core/protocol/panelMessages";
import type { RunPanel } from "../../../src/extension/panel/runPanel";
import type { RunFinish } from "../../../src/extension/runs/runManager";
import { extensionApi, graphFile } from "./api";

/** A run that floods the editor: one node, no wait, STEPS steps (thousands of events a second). */
const STEPS = 2000;
const FAST_GRAPH = [
  'import { END, START, StateGraph, z } from "durable-graphs";',
  "const State = z.object({ count: z.number().default(0) });",
  "export default new StateGraph(State)",
  '  .addNode("tick", async (s) => ({ count: s.count + 1 }))',
  '  .addEdge(START, "tick")',
  `  .addConditionalEdges("tick", (s) => (s.count < ${STEPS} ? "tick" : END), ["tick", END]);`,
  "",
].join("\n");

/** What a panel posts, with when; and the webview's list as it would hold it (pages asked for on demand). */
function record(panel: RunPanel) {
  const posted: { at: number; message: ToPanel }[] = [];
  const subscription = panel.onDidPost((message) => posted.push({ at: Date.now(), message }));
  return {
    posted,
    /**
     * The most updates posted within any one second: `thread` messages and `cells` messages that are
     * not answers to the webview's own requests for pages (the panel's real webview asks for some).
     */
    busiestSecond(kind: "thread" | "cells"): number {
      // The answer to a `ready` (init, its cells and header) is the webview's own doing, not the run's.
      let answeringReady = false;
      const updates = posted.filter(({ message: m }) => {
        if (m.type === "init") answeringReady = true;
        const ours = !answeringReady;
        if (m.type === "thread") answeringReady = false;
        return ours;
      });
      const times = updates.filter(({ message: m }) => m.type === kind && (m.type !== "cells" || m.staleFrom < m.total)).map((p) => p.at);
      let most = 0;
      for (let a = 0, b = 0; b < times.length; b++) {
        while (times[b]! - times[a]! >= 1000) a++;
        most = Math.max(most, b - a + 1);
      }
      return most;
    },
    cellsMessages: () => posted.map((p) => p.message).filter((m): m is Extract<ToPanel, { type: "cells" }> => m.type === "cells"),
    /** The messages, one line each, for an assertion's message. */
    describe: () =>
      posted
        .map(({ at, message: m }) => `${at - (posted[0]?.at ?? 0)}ms ${m.type}${m.type === "cells" ? ` total ${m.total} stale ${m.staleFrom} start ${m.start} +${m.cells.length} patch ${m.patch.length}` : m.type === "thread" || m.type === "init" ? ` ${m.thread.status} step ${m.thread.step}` : ""}`)
        .join("\n"),
    dispose: () => subscription.dispose(),
  };
}

/** Asks the panel for every cell, a page at a time, as the webview does when scrolled through. */
async function allCells(panel: RunPanel, total: number): Promise<CellSummary[]> {
  const out: CellSummary[] = [];
  const got = record(panel);
  try {
    for (let start = 0; start < total; start += 1000) {
      assert.equal(await panel.receive({ type: "loadCells", start, count: 1000 }), true);
      const reply = got.cellsMessages().at(-1)!;
      assert.equal(reply.start, start);
      out.push(...reply.cells);
    }
  } finally {
    got.dispose();
  }
  return out;
}

function stepReached(thread: string, step: number): Promise<void> {
  return extensionApi().then(
    (api) =>
      new Promise<void>((resolve) => {
        const sub = api.services.runs.onDidEvent((c) => c.thread === thread && c.event.type === "checkpoint" && c.event.step >= step && (sub.dispose(), resolve()));
      }),
  );
}

/** Fast too, but long enough (3,000 steps of at least 2 ms) that a panel opened at step 800 finds it running. */
const PACED_GRAPH = FAST_GRAPH.replace("async (s) => ({ count: s.count + 1 })", "async (s) => (await new Promise((r) => setTimeout(r, 2)), { count: s.count + 1 })").replace(`s.count < ${STEPS}`, "s.count < 3000");

describe("a fast run (thousands of events a second)", function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.workspace.fs.writeFile(graphFile("fast.graph.ts"), new TextEncoder().encode(FAST_GRAPH));
    await vscode.workspace.fs.writeFile(graphFile("paced.graph.ts"), new TextEncoder().encode(PACED_GRAPH));
  });

  it("reaches an open panel in a few batched updates a second, ends with its final status, and every cell can be fetched", async () => {
    const api = await extensionApi();
    const changes: number[] = [];
    const changed = api.services.runs.onDidChange((c) => c.thread === "fast-panel" && changes.push(Date.now()));
    let events = 0;
    const counted = api.services.runs.onDidEvent((c) => c.thread === "fast-panel" && events++);
    const started = stepReached("fast-panel", 1);
    const run = vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile("fast.graph.ts"), thread: "fast-panel" });
    await started;
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "fast-panel"))!;
    const sent = record(panel);
    let live: ReturnType<typeof record> | undefined;
    try {
      await panel.receive({ type: "ready" });
      // From here on, what the run's progress alone makes the panel post.
      live = record(panel);
      const finish = await run;
      assert.equal(finish?.status, "completed", JSON.stringify(finish));
      // The run's end is pushed at once, without waiting for the next batch.
      const last = await new Promise<Extract<ToPanel, { type: "thread" }>>((resolve) => {
        const seen = sent.posted.map((p) => p.message).find((m): m is Extract<ToPanel, { type: "thread" }> => m.type === "thread" && m.thread.status === "completed");
        if (seen) return resolve(seen);
        const sub = panel.onDidPost((m) => m.type === "thread" && m.thread.status === "completed" && (sub.dispose(), resolve(m)));
      });
      assert.equal(last.thread.step, STEPS);

      assert.ok(events > STEPS * 3, `the runner sent ${events} events`);
      // Batched: a handful of messages a second to the webview, and of change notices to the views.
      // At most 4 updates a second (FLUSH 250 ms), and the final one at once.
      for (const kind of ["thread", "cells"] as const) {
        assert.ok(live.busiestSecond(kind) <= 5, `the panel posted ${live.busiestSecond(kind)} ${kind} updates in one second (for ${events} run events):\n${live.describe()}`);
      }
      const perSecond = Math.max(...changes.map((t) => changes.filter((u) => u >= t && u - t < 1000).length));
      assert.ok(perSecond <= 6, `the views were told of changes ${perSecond} times in one second`);
      // No update sends more than a window of cells.
      assert.ok(sent.cellsMessages().every((m) => m.cells.length <= 300), "each update sends at most a window of cells");

      const total = sent.cellsMessages().at(-1)!.total;
      const cells = await allCells(panel, total);
      const nodes = cells.filter((c) => c.kind === "node");
      assert.equal(nodes.length, STEPS);
      assert.deepEqual(
        nodes.map((c) => c.n),
        Array.from({ length: STEPS }, (_, i) => i + 1),
      );
      assert.ok(nodes.every((c) => c.kind === "node" && c.status === "done" && c.committed), "every cell done and committed");
    } finally {
      changed.dispose();
      counted.dispose();
      sent.dispose();
      live?.dispose();
      panel.dispose();
    }
  });

  it("a panel opened mid-run starts with the newest cells and follows them", async () => {
    const reached = stepReached("fast-midrun", 800);
    const run = vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile("paced.graph.ts"), thread: "fast-midrun" });
    await reached;
    const panel = (await vscode.commands.executeCommand<RunPanel>("durableGraphs.openRunPanel", "fast-midrun"))!;
    const sent = record(panel);
    try {
      await panel.receive({ type: "ready" });
      // The cells sent with the first `init` (the panel's own webview may be the one that said ready).
      const init = sent.posted.findIndex((p) => p.message.type === "init");
      const first = sent.posted.slice(init).map((p) => p.message).find((m): m is Extract<ToPanel, { type: "cells" }> => m.type === "cells");
      assert.ok(first, "the first cells were sent with the init");
      assert.equal(sent.posted.find((p) => p.message.type === "init")?.message.type === "init" && (sent.posted.find((p) => p.message.type === "init")!.message as Extract<ToPanel, { type: "init" }>).thread.status, "running", "opened while the run goes on");
      // The journal may trail the runner's events by a write or two: hundreds of cells in all the same.
      assert.ok(first.total > 600, `the list holds ${first.total} cells`);
      assert.equal(first.start + first.cells.length, first.total, `the first window ends at the newest cell:\n${sent.describe()}`);
      assert.ok(first.start > 0, "the oldest cells are left to be asked for");
      const finish = await run;
      assert.equal(finish?.status, "completed");
      await new Promise<void>((resolve) => {
        const done = () => sent.posted.some((p) => p.message.type === "thread" && p.message.thread.status === "completed");
        if (done()) return resolve();
        const sub = panel.onDidPost(() => done() && (sub.dispose(), resolve()));
      });
      // The list as the webview holds it: its newest cell is the last step's.
      const held = new Map<number, CellSummary>();
      let total = 0;
      for (const m of sent.cellsMessages()) {
        for (const i of [...held.keys()]) if (i >= m.staleFrom) held.delete(i);
        for (const { i, cell } of m.patch) held.set(i, cell);
        m.cells.forEach((cell, k) => held.set(m.start + k, cell));
        total = m.total;
      }
      const newest = held.get(total - 1);
      assert.ok(newest?.kind === "node" && newest.n === 3000 && newest.status === "done", JSON.stringify(newest));
    } finally {
      sent.dispose();
      panel.dispose();
    }
  });

  it("Cancel Run lands in the middle of a fast run", async () => {
    const reached = stepReached("fast-cancel", 300);
    const run = vscode.commands.executeCommand<RunFinish>("durableGraphs.runGraph", { file: graphFile("fast.graph.ts"), thread: "fast-cancel" });
    await reached;
    assert.equal(await vscode.commands.executeCommand<boolean>("durableGraphs.cancelRun", "fast-cancel"), true);
    const finish = await run;
    assert.equal(finish?.status, "cancelled", JSON.stringify(finish));
    assert.ok((finish?.step ?? STEPS) < STEPS, `cancelled at step ${finish?.step}`);
    const api = await extensionApi();
    const info = await api.services.stores.all()[0]!.store.getThread("fast-cancel");
    assert.equal(info?.status, "cancelled");
  });
});
