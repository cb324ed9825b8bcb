import type { NodeCell, NodeMarks, ThreadHeader } from "../../core/protocol/panelMessages";
import type { CheckpointStore, JournalRepair, ThreadInfo } from "../../core/store/checkpointStore";
import type { RunEvent } from "../../core/protocol/runEvents";
import { describeRepair, latestRepair } from "../journalRepair";
import { START } from "../../core/sdk/constants";
import { CellIndex } from "./cellIndex";

/** Records read per history call (the store reads on from where the previous page ended). */
const PAGE = 5000;

/**
 * One thread as the panel follows it: its summary, its cells read from the journal incrementally
 * (only records past the last one read), and the nodes running now — from this window's run events
 * when it runs the thread, else from the thread's status and next nodes (another window, the CLI).
 */
export class ThreadFeed {
  index = new CellIndex();
  info?: ThreadInfo;
  private readonly live = new Map<string, { attempt: number; startedAt: number }>();
  /** A repair this window's run reported as it opened the thread (the summary may not say so yet). */
  private liveRepair?: JournalRepair;

  constructor(
    readonly store: CheckpointStore,
    readonly thread: string,
  ) {}

  /** False while records written before this read remain to be read (a first read that stopped early). */
  complete = true;

  /**
   * Reads what is new. `reset` when the thread was replaced (reset and run again): start over. With
   * `firstRead`, a thread that is not running is read only that far (its first cells show at once; the
   * next call reads on from there).
   */
  async refresh(firstRead = Infinity): Promise<"gone" | "reset" | "ok"> {
    const info = await this.store.getThread(this.thread);
    if (!info) {
      this.info = undefined;
      return "gone";
    }
    const replaced = this.info !== undefined && this.info.createdAt !== info.createdAt;
    if (replaced) {
      this.index = new CellIndex();
      this.liveRepair = undefined;
    }
    this.info = info;
    const most = info.status === "running" ? Infinity : firstRead;
    this.fromJournal();
    this.complete = true;
    for (let after = this.index.lastSeq, read = 0; ; ) {
      const page = await this.store.history(this.thread, { afterSeq: after, limit: Math.min(PAGE, most - read) });
      this.index.add(page.records);
      read += page.records.length;
      if (page.nextSeq === undefined) break;
      after = page.nextSeq;
      if (read >= most) {
        this.complete = false;
        break;
      }
    }
    if (info.status !== "running") this.live.clear();
    this.fromJournal();
    return replaced ? "reset" : "ok";
  }

  /**
   * The summary brought up to the journal just read: a running thread's summary is rewritten every
   * few hundred ms, its journal at every step, and the panel shows the step the journal says.
   */
  private fromJournal(): void {
    const latest = this.index.latest;
    const info = this.info;
    if (!info || info.status !== "running" || !latest || latest.step <= info.step) return;
    this.info = { ...info, step: latest.step, lastNodes: latest.nodes, next: latest.next, updatedAt: Math.max(info.updatedAt, latest.at) };
  }

  /** A run event of this window's runner for this thread. */
  follow(event: RunEvent): void {
    if (event.type === "node-started") this.live.set(`${event.step}:${event.node}`, { attempt: event.attempt, startedAt: Date.now() });
    else if (event.type === "node-finished" || event.type === "node-waiting") this.live.delete(`${event.step}:${event.node}`);
    else if (event.type === "repaired") this.liveRepair = { file: event.file, offset: event.offset, bytes: event.bytes, records: event.records, at: Date.now() };
  }

  /** Cells for the nodes running now (not yet recorded). */
  runningCells(): NodeCell[] {
    const info = this.info;
    if (info?.status !== "running") return [];
    const step = info.step + 1;
    let n = this.index.nextNumber();
    return info.next
      // A node that asked and waits for its answer shows as its question, not as running.
      .filter((node) => !this.index.recorded(step, node) && !this.index.asking(step, node))
      .map((node) => {
        const live = this.live.get(`${step}:${node}`);
        return {
          kind: "node",
          id: `r${step}:${node}`,
          n: n++,
          step,
          node,
          status: "running",
          attempts: live?.attempt ?? 1,
          startedAt: live?.startedAt ?? (this.index.lastProgressAt || info.updatedAt),
          keys: [],
          logs: 0,
          committed: false,
        };
      });
  }

  header(trusted: boolean, runningHere: boolean): ThreadHeader | undefined {
    const t = this.info;
    if (!t) return undefined;
    const repaired = latestRepair(t.repaired, this.liveRepair);
    return {
      id: t.id,
      graph: t.graph,
      status: t.status,
      step: t.step,
      // LangGraph.js's first step runs its `__start__` (it takes the input): not a node of the graph.
      lastNodes: t.lastNodes.filter((n) => n !== START),
      next: t.next,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      nodeTimeMs: this.index.nodeTimeMs,
      trusted,
      ...(t.error ? { error: { code: t.error.code, message: t.error.message.slice(0, 10_000) } } : {}),
      ...(t.owner ? { owner: { pid: t.owner.pid, here: runningHere } } : {}),
      ...(t.forkedFrom ? { forkedFrom: t.forkedFrom } : {}),
      ...(repaired ? { repaired: { ...repaired, message: describeRepair(repaired) } } : {}),
      ...(t.engine ? { engine: t.engine } : {}),
    };
  }

  marks(): NodeMarks {
    const { done, failed } = this.index.nodeMarks();
    const running = this.runningCells().map((c) => c.node);
    const status = this.info?.status;
    const failedNow = status === "failed" || status === "quarantined" ? failed : [];
    return {
      done,
      failed: failedNow,
      running,
      next: status === "running" || status === "completed" ? [] : (this.info?.next ?? []).filter((n) => !failedNow.includes(n)),
    };
  }
}
