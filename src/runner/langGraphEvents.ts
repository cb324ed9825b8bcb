import type { RunEvent } from "../core/protocol/runEvents";
import type { Question } from "../core/store/checkpointStore";

/**
 * What LangGraph.js reports while it runs a graph (its `debug` stream: a `checkpoint` per super-step,
 * a `task` when a node starts, a `task_result` when it ends), as the run events of the SDK's executor:
 * `step-started`, `node-started`, `node-finished` (with the keys the node wrote), `node-waiting` for an
 * `interrupt()`, and `checkpoint` for each step committed in this run. LangGraph numbers steps as the
 * store does: the input is step 0 and the tasks of step N are committed by checkpoint N.
 */
export class LangGraphEvents {
  /** The last committed step. */
  step: number;
  /** The graph's state at the last checkpoint (LangGraph's values: its channels). */
  values: Record<string, unknown> = {};
  /** The `interrupt()`s asked in this run, not answered: the thread is waiting for them. */
  readonly questions: Question[] = [];
  /** The node whose error stopped the run, if one did. */
  failedNode?: string;
  /** The nodes due next, as the last checkpoint says. */
  private next: string[] = [];
  /** When each node of each step (`step\0node`) was seen starting. */
  private readonly started = new Map<string, number>();
  /** Per step of this run: the nodes that finished in it and the keys they wrote. */
  private readonly ran = new Map<number, { nodes: string[]; keys: Set<string> }>();

  constructor(
    private readonly emit: (event: RunEvent) => void,
    /** The step the thread stood at when the run began: checkpoints up to it are not this run's. */
    private readonly startStep: number,
    /** Per task id, the keys of the writes an earlier run journalled for it (its step's pending writes). */
    private readonly journalled: ReadonlyMap<string, string[]> = new Map(),
  ) {
    this.step = Math.max(startStep, 0);
  }

  /** One chunk of `graph.stream(…, { streamMode: "debug" })`. */
  push(chunk: unknown): void {
    const { type, step, payload } = (chunk ?? {}) as { type?: string; step?: number; payload?: Record<string, unknown> };
    if (typeof step !== "number" || !payload) return;
    if (type === "checkpoint") this.checkpoint(step, payload);
    else if (type === "task") this.task(step, payload);
    else if (type === "task_result") this.taskResult(step, payload);
  }

  /**
   * A node's console line. LangGraph streams a node's `task` a moment after the node started, so a line
   * can come first: the node is reported started then (a node that exits the process still shows).
   */
  log(event: Extract<RunEvent, { type: "log" }>): void {
    if (event.node !== "(graph)") this.start(event.step, event.node);
    this.emit(event);
  }

  private checkpoint(step: number, payload: Record<string, unknown>): void {
    const due = this.next;
    this.values = (payload.values ?? {}) as Record<string, unknown>;
    this.next = Array.isArray(payload.next) ? payload.next.map(String) : [];
    this.step = Math.max(step, 0);
    if (step <= this.startStep || step < 1) return;
    const ran = this.ran.get(step) ?? { nodes: [], keys: new Set<string>() };
    this.ran.delete(step);
    // Nodes due in this step that LangGraph did not run: their writes were journalled by an earlier run
    // (the finished branches of a step a crash interrupted), and LangGraph applied them as they were.
    const replayed = due.filter((node) => !ran.nodes.includes(node) && !this.started.has(`${step}\u0000${node}`));
    for (const node of replayed) this.emit({ type: "node-finished", step, node, attempt: 1, durationMs: 0, replayed: true, keys: [] });
    this.emit({ type: "checkpoint", step, nodes: [...replayed, ...ran.nodes], next: this.next, changed: [...ran.keys] });
  }

  private task(step: number, payload: Record<string, unknown>): void {
    const node = String(payload.name);
    const journalled = this.journalled.get(String(payload.id));
    if (journalled === undefined) return this.start(step, node);
    // Finished in an earlier run (a branch of a step a crash interrupted): LangGraph applies its
    // journalled writes and does not run it.
    this.ensureStep(step, node);
    this.started.set(`${step}\u0000${node}`, Date.now());
    this.ran.get(step)!.nodes.push(node);
    for (const key of journalled) this.ran.get(step)!.keys.add(key);
    this.emit({ type: "node-finished", step, node, attempt: 1, durationMs: 0, replayed: true, keys: journalled });
  }

  private ensureStep(step: number, node: string): void {
    if (this.ran.has(step)) return;
    this.ran.set(step, { nodes: [], keys: new Set() });
    this.emit({ type: "step-started", step, nodes: this.next.length ? this.next : [node] });
  }

  /** `step-started` for the step's first node, then `node-started`, once per node and step. */
  private start(step: number, node: string): void {
    const key = `${step}\u0000${node}`;
    if (this.started.has(key)) return;
    this.ensureStep(step, node);
    this.started.set(key, Date.now());
    this.emit({ type: "node-started", step, node, attempt: 1 });
  }

  private taskResult(step: number, payload: Record<string, unknown>): void {
    const node = String(payload.name);
    const startedAt = this.started.get(`${step}\u0000${node}`);
    if (payload.error !== null && payload.error !== undefined) {
      this.failedNode = node;
      return;
    }
    const interrupts = Array.isArray(payload.interrupts) ? (payload.interrupts as { value?: unknown }[]) : [];
    if (interrupts.length > 0) {
      interrupts.forEach((interrupt, index) => {
        const value = interrupt?.value;
        this.emit({ type: "node-waiting", step, node, index, ...(value === undefined ? {} : { value }) });
        this.questions.push({ step, node, index, ...(value === undefined ? {} : { value }), at: Date.now() });
      });
      return;
    }
    const keys = writtenKeys(payload.result);
    const ran = this.ran.get(step) ?? { nodes: [], keys: new Set<string>() };
    this.ran.set(step, ran);
    ran.nodes.push(node);
    for (const key of keys) ran.keys.add(key);
    this.emit({ type: "node-finished", step, node, attempt: 1, durationMs: startedAt === undefined ? 0 : Date.now() - startedAt, replayed: false, keys });
  }
}

/** The state keys a task wrote: its result is `{ key: value }`, or `[[channel, value], …]` in some versions. */
function writtenKeys(result: unknown): string[] {
  if (Array.isArray(result)) return result.map((write) => String((write as unknown[])[0])).filter((key) => !key.startsWith("__"));
  if (result && typeof result === "object") return Object.keys(result).filter((key) => !key.startsWith("__"));
  return [];
}
