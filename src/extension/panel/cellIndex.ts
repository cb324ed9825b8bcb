import type { CellSummary, NodeCell, QuestionCell } from "../../core/protocol/panelMessages";
import { compareFingerprints, graphChangePhrases } from "../../core/fingerprint/compareFingerprints";
import type { GraphFingerprint } from "../../core/fingerprint/graphFingerprint";
import type { JournalRecord, LgWritesRecord } from "../../core/store/records";
import { START } from "../../core/sdk/constants";
import { jsonText } from "./jsonText";
import { lgTaskWrites } from "./langGraphWrites";

/** Where a cell's records are in the journal, to load its details on demand. */
export interface CellLocation {
  step: number;
  node: string;
  /** The range of sequence numbers holding its tries, tasks and completion. */
  fromSeq: number;
  toSeq: number;
  committed: boolean;
  /** A LangGraph.js task's cell: the checkpoint its writes were made against (its input). */
  lgCheckpoint?: string;
}

/**
 * The run panel's cells, built from a thread's journal as it is read page by page: one cell per
 * executed node per step (retries folded into its attempts), and markers for runs, their ends and
 * forks. Holds summaries only (no state values), so a 10,000-step thread stays small; it remembers
 * which cells changed since the last `takeChanges`, so a live panel sends only those. Cells keep
 * their position in the list once added, so the webview can ask for them by index.
 *
 * A thread written by LangGraph.js (`lg-checkpoint`/`lg-writes` records) reads the same way: each root
 * task's writes are a node's cell in the super-step after the checkpoint they were made against, an
 * `interrupt()` is a question cell (no schema: any JSON answers it), its `__resume__` the answer, a
 * root checkpoint commits its step. Subgraphs' checkpoints stay inside their parent node's cell.
 */
export class CellIndex {
  private readonly cells = new Map<string, CellSummary>();
  /** Cell ids in list order, and each id's position. */
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();
  private readonly locations = new Map<string, CellLocation>();
  private readonly uncommitted = new Map<number, string[]>();
  private readonly retries = new Map<string, number[]>();
  private readonly changed = new Set<string>();
  private readonly lastCellOfNode = new Map<string, NodeCell>();
  private executions = 0;
  private runs = 0;
  /** The graph the previous run ran. */
  private lastGraph?: GraphFingerprint;
  private openRun?: { id: string; text: string };
  /** Question cells by `step:node:index` (an answer record names its question so). */
  private readonly questions = new Map<string, string>();
  /** LangGraph.js root checkpoints read: id → LangGraph's step (-1 for the input). */
  private readonly lgSteps = new Map<string, number>();
  /** When a `Command({ resume })` against a checkpoint was journalled: its tasks start again then. */
  private readonly lgResumedAt = new Map<string, number>();
  /** A LangGraph.js task's question cells in the order asked, by `checkpoint \0 node`; and by interrupt id. */
  private readonly lgAsked = new Map<string, string[]>();
  private readonly lgInterrupts = new Map<string, string>();
  lastSeq = -1;
  nodeTimeMs = 0;
  /** The newest checkpoint read (the thread's summary is written less often than the journal). */
  latest?: { step: number; nodes: string[]; next: string[]; at: number };
  /** When the latest run started or the latest step was committed: a running node started after it. */
  lastProgressAt = 0;

  add(records: readonly JournalRecord[]): void {
    for (const record of records) {
      this.lastSeq = Math.max(this.lastSeq, record.seq);
      this.addOne(record);
    }
  }

  /** Cells added or changed since the last call, with their positions, in list order. */
  takeChanges(): { i: number; cell: CellSummary }[] {
    const out: { i: number; cell: CellSummary }[] = [];
    for (const id of this.changed) out.push({ i: this.positions.get(id)!, cell: this.cells.get(id)! });
    this.changed.clear();
    return out.sort((a, b) => a.i - b.i);
  }

  /** How many cells the list holds. */
  get size(): number {
    return this.ids.length;
  }

  /** The cells from `start` up to (not including) `end`. */
  slice(start: number, end: number): CellSummary[] {
    return this.ids.slice(start, end).map((id) => this.cells.get(id)!);
  }

  all(): CellSummary[] {
    return this.slice(0, this.ids.length);
  }

  locate(id: string): CellLocation | undefined {
    return this.locations.get(id);
  }

  /** True when the node's completion (or final failure) at that step is in the journal. */
  recorded(step: number, node: string): boolean {
    const last = this.lastCellOfNode.get(node);
    return last !== undefined && last.step === step;
  }

  /** The nodes executed at least once, and those whose latest execution failed. */
  nodeMarks(): { done: string[]; failed: string[] } {
    const done: string[] = [];
    const failed: string[] = [];
    for (const [node, cell] of this.lastCellOfNode) (cell.status === "failed" ? failed : done).push(node);
    return { done, failed };
  }

  /** A question cell, by its id. */
  question(id: string): QuestionCell | undefined {
    const cell = this.cells.get(id);
    return cell?.kind === "question" ? cell : undefined;
  }

  /** True when `node` asked a question in `step` that has no answer yet (it waits; it does not run). */
  asking(step: number, node: string): boolean {
    for (const [key, id] of this.questions) {
      if (!key.startsWith(`${step}:${node}:`)) continue;
      const cell = this.cells.get(id);
      if (cell?.kind === "question" && !cell.answer) return true;
    }
    return false;
  }

  /** The next execution number (a running cell shows it before it is recorded). */
  nextNumber(): number {
    return this.executions + 1;
  }

  private addOne(record: JournalRecord): void {
    switch (record.type) {
      case "thread":
        if (record.forkedFrom) this.marker(record.seq, "info", `Forked from ${record.forkedFrom.thread} at step ${record.forkedFrom.step}`, record.at);
        return;
      case "run": {
        this.closeOpenRun(" — the process stopped without finishing (a crash, a kill or a reload)", "warn");
        this.runs++;
        // A run of another version of the graph than the run before: the history says how it changed.
        const changes = this.lastGraph && record.graph ? compareFingerprints(this.lastGraph, record.graph) : undefined;
        if (record.graph) this.lastGraph = record.graph;
        const switched = changes ? ` · graph changed: ${graphChangePhrases(changes).join("; ") || "its code"}` : "";
        const text = `Run ${this.runs} · process ${record.pid} · ${record.resumed ? `resumed after step ${record.step}` : "started"}${switched}`;
        this.marker(record.seq, "info", text, record.at);
        this.openRun = { id: `m${record.seq}`, text };
        this.lastProgressAt = record.at;
        return;
      }
      case "failure": {
        const key = `${record.step}:${record.node ?? ""}`;
        if (!record.final) {
          this.retries.set(key, [...(this.retries.get(key) ?? []), record.seq]);
          return;
        }
        if (!record.node) {
          this.marker(record.seq, "error", `Step ${record.step} failed: ${record.error.message}`, record.at);
          return;
        }
        this.nodeCell(`f${record.seq}`, record.seq, key, {
          step: record.step,
          node: record.node,
          status: "failed",
          attempts: record.attempt ?? 1,
          // The failed try's own start and length; a journal from before starts were recorded has neither.
          startedAt: record.startedAt ?? record.at,
          ...(record.startedAt !== undefined ? { durationMs: Math.max(0, record.at - record.startedAt) } : {}),
          keys: [],
          logs: record.logs?.length ?? 0,
          error: record.error.message.slice(0, 2000),
        });
        return;
      }
      case "node":
        this.nodeTimeMs += record.durationMs;
        this.nodeCell(`n${record.seq}`, record.seq, `${record.step}:${record.node}`, {
          step: record.step,
          node: record.node,
          status: "done",
          attempts: record.attempt,
          startedAt: record.startedAt,
          durationMs: record.durationMs,
          keys: Object.keys(record.writes),
          logs: record.logs?.length ?? 0,
        });
        return;
      case "checkpoint":
        if (record.edit) this.marker(record.seq, "info", `Step ${record.step} · edited by a person (${record.edit.by}): ${record.edit.keys.join(", ")}`, record.at);
        this.lastProgressAt = record.at;
        if (!this.latest || record.step >= this.latest.step) this.latest = { step: record.step, nodes: record.nodes, next: record.next, at: record.at };
        this.commit(record.step);
        return;
      case "lg-checkpoint": {
        // A subgraph's checkpoints are inside its parent node's task: its cell is the parent's writes.
        if (record.ns !== "") return;
        this.lgSteps.set(record.id, record.step);
        this.lastProgressAt = record.at;
        const step = Math.max(record.step, 0);
        if (!this.latest || step >= this.latest.step) this.latest = { step, nodes: record.nodes, next: record.next, at: record.at };
        this.commit(record.step);
        return;
      }
      case "lg-writes":
        this.addLgWrites(record);
        return;
      case "interrupt": {
        const cell: QuestionCell = {
          kind: "question",
          id: `q${record.seq}`,
          step: record.step,
          node: record.node,
          index: record.index,
          ...(record.value === undefined ? {} : { value: jsonText(record.value) }),
          ...(record.schema ? { schema: record.schema } : {}),
          ...(record.refused ? { refused: record.refused.slice(0, 4000) } : {}),
          at: record.at,
        };
        this.questions.set(`${record.step}:${record.node}:${record.index}`, cell.id);
        this.put(cell);
        return;
      }
      case "answer": {
        const cell = this.cells.get(this.questions.get(`${record.step}:${record.node}:${record.index}`) ?? "");
        if (cell?.kind !== "question") return;
        this.put({ ...cell, answer: { ...(record.value === undefined ? {} : { value: jsonText(record.value) }), ...(record.by ? { by: record.by.slice(0, 256) } : {}), at: record.at } });
        return;
      }
      case "end": {
        const how = {
          completed: `completed at step ${record.step}`,
          failed: `failed at step ${record.step}`,
          cancelled: `cancelled at step ${record.step}`,
          waiting: `waiting for input after step ${record.step}`,
        }[record.status];
        const tone = record.status === "failed" ? "error" : "info";
        // A process that went on after its run ended (a LangGraph.js app resumed in the same process
        // journals no new run): the end is said on its own line.
        if (!this.openRun) this.marker(record.seq, tone, `${how[0]!.toUpperCase()}${how.slice(1)}`, record.at);
        this.closeOpenRun(` — ${how}`, tone);
        return;
      }
      default:
        return;
    }
  }

  private commit(step: number): void {
    for (const id of this.uncommitted.get(step) ?? []) {
      const cell = this.cells.get(id);
      const location = this.locations.get(id);
      if (cell?.kind === "node") this.put({ ...cell, committed: true });
      if (location) location.committed = true;
    }
    this.uncommitted.delete(step);
  }

  private addLgWrites(record: LgWritesRecord): void {
    const parent = record.ns === "" ? this.lgSteps.get(record.checkpoint) : undefined;
    if (parent === undefined) return;
    const step = parent + 1;
    const task = lgTaskWrites(record);
    if (task.command) {
      this.lgResumedAt.set(record.checkpoint, record.at);
      this.lgCommandAnswers(record.checkpoint, task.resume, record.at);
      return;
    }
    // `__start__` only passes the input on; a `Send` task's node is not in its path (not shown yet).
    if (task.node === undefined || task.node === START) return;
    const node = task.node;
    const asked = `${record.checkpoint}\u0000${node}`;
    // The task's own list of answers, one per question it asked, in order.
    if (Array.isArray(task.resume)) {
      (this.lgAsked.get(asked) ?? []).forEach((id, i) => i < (task.resume as unknown[]).length && this.answerLg(id, (task.resume as unknown[])[i], record.at));
    }
    const startedAt = Math.max(this.lastProgressAt, this.lgResumedAt.get(record.checkpoint) ?? 0);
    const interrupt = task.interrupts[0];
    if (interrupt) {
      // A task stops at its first interrupt(), so one record asks one question.
      const index = (this.lgAsked.get(asked) ?? []).length;
      const cell: QuestionCell = { kind: "question", id: `q${record.seq}`, step, node, index, ...(interrupt.value === undefined ? {} : { value: jsonText(interrupt.value) }), at: record.at };
      this.questions.set(`${step}:${node}:${index}`, cell.id);
      this.lgAsked.set(asked, [...(this.lgAsked.get(asked) ?? []), cell.id]);
      if (interrupt.id) this.lgInterrupts.set(interrupt.id, cell.id);
      this.put(cell);
      return;
    }
    const common = { step, node, attempts: 1, startedAt, durationMs: Math.max(0, record.at - startedAt), keys: [...new Set(task.values.map((v) => v.key))], logs: 0 };
    if (task.error) this.nodeCell(`f${record.seq}`, record.seq, "", { ...common, status: "failed", error: task.error.message.slice(0, 2000) });
    else {
      this.nodeTimeMs += common.durationMs;
      this.nodeCell(`n${record.seq}`, record.seq, "", { ...common, status: "done" });
    }
    this.locations.get(`${task.error ? "f" : "n"}${record.seq}`)!.lgCheckpoint = record.checkpoint;
  }

  /**
   * A `Command({ resume })`: a map keyed by interrupt ids answers those questions; a single value
   * answers the oldest open question of the checkpoint (the task's own resume list, journalled as it
   * finishes, confirms it).
   */
  private lgCommandAnswers(checkpoint: string, resume: unknown, at: number): void {
    if (resume === undefined) return;
    const byId = typeof resume === "object" && resume !== null && !Array.isArray(resume) ? Object.entries(resume) : [];
    if (byId.length > 0 && byId.every(([id]) => this.lgInterrupts.has(id))) {
      for (const [id, value] of byId) this.answerLg(this.lgInterrupts.get(id)!, value, at);
      return;
    }
    for (const [key, ids] of this.lgAsked) {
      if (!key.startsWith(`${checkpoint}\u0000`)) continue;
      const open = ids.find((id) => { const c = this.cells.get(id); return c?.kind === "question" && !c.answer; });
      if (open) return this.answerLg(open, resume, at);
    }
  }

  private answerLg(id: string, value: unknown, at: number): void {
    const cell = this.cells.get(id);
    if (cell?.kind !== "question" || cell.answer) return;
    this.put({ ...cell, answer: { ...(value === undefined ? {} : { value: jsonText(value) }), at } });
  }

  private nodeCell(id: string, seq: number, key: string, fields: Omit<NodeCell, "kind" | "id" | "n" | "committed">): void {
    const tries = this.retries.get(key) ?? [];
    this.retries.delete(key);
    const cell: NodeCell = { kind: "node", id, n: ++this.executions, committed: false, ...fields };
    this.put(cell);
    this.lastCellOfNode.set(cell.node, cell);
    this.locations.set(id, { step: cell.step, node: cell.node, fromSeq: Math.min(seq, ...tries), toSeq: seq, committed: false });
    if (cell.status === "done") this.uncommitted.set(cell.step, [...(this.uncommitted.get(cell.step) ?? []), id]);
  }

  private marker(seq: number, tone: "info" | "warn" | "error", text: string, at: number): void {
    this.put({ kind: "marker", id: `m${seq}`, tone, text: text.slice(0, 2000), at });
  }

  private closeOpenRun(suffix: string, tone: "info" | "warn" | "error"): void {
    if (!this.openRun) return;
    const cell = this.cells.get(this.openRun.id);
    if (cell?.kind === "marker") this.put({ ...cell, tone, text: `${this.openRun.text}${suffix}`.slice(0, 2000) });
    this.openRun = undefined;
  }

  private put(cell: CellSummary): void {
    if (!this.positions.has(cell.id)) {
      this.positions.set(cell.id, this.ids.length);
      this.ids.push(cell.id);
    }
    this.cells.set(cell.id, cell);
    this.changed.add(cell.id);
  }
}
