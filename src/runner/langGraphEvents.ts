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
  private next: string[] = [];
  private readonly started = new Map<string, { node: string; at: number }>();
  private readonly ran = new Map<number, { nodes: string[]; keys: Set<string> }>();
  /** Lines a node printed before its `task` chunk came through (LangGraph streams it a moment later). */
  private readonly early = new Map<string, RunEvent[]>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly emit: (event: RunEvent) => void,
    /** The step the thread stood at when the run began: checkpoints up to it are not this run's. */
    private readonly startStep: number,
  ) {
    this.step = startStep;
  }

  /** One chunk of `graph.stream(…, { streamMode: "debug" })`. */
  push(chunk: unknown): void {
    const { type, step, payload } = (chunk ?? {}) as { type?: string; step?: number; payload?: Record<string, unknown> };
    if (typeof step !== "number" || !payload) return;
    if (type === "checkpoint") this.checkpoint(step, payload);
    else if (type === "task") this.task(step, payload);
    else if (type === "task_result") this.taskResult(step, payload);
  }

  /** A node's console line: shown after the node's start, as the SDK's runs show them. */
  log(event: Extract<RunEvent, { type: "log" }>): void {
    const key = `${event.step}\u0000${event.node}`;
    if (this.seen.has(key) || event.node === "(graph)") return this.emit(event);
    this.early.set(key, [...(this.early.get(key) ?? []), event]);
  }

  /** Lines still held (a node whose start never came through): out at the end of the run, not lost. */
  flush(): void {
    for (const lines of this.early.values()) for (const line of lines) this.emit(line);
    this.early.clear();
  }

  private checkpoint(step: number, payload: Record<string, unknown>): void {
    this.values = (payload.values ?? {}) as Record<string, unknown>;
    this.next = Array.isArray(payload.next) ? payload.next.map(String) : [];
    this.step = Math.max(step, 0);
    const ran = this.ran.get(step);
    if (step <= this.startStep || step < 1 || !ran) return;
    this.ran.delete(step);
    this.emit({ type: "checkpoint", step, nodes: ran.nodes, next: this.next, changed: [...ran.keys] });
  }

  private task(step: number, payload: Record<string, unknown>): void {
    const node = String(payload.name);
    if (!this.ran.has(step)) {
      this.ran.set(step, { nodes: [], keys: new Set() });
      this.emit({ type: "step-started", step, nodes: this.next.length ? this.next : [node] });
    }
    this.started.set(String(payload.id), { node, at: Date.now() });
    this.emit({ type: "node-started", step, node, attempt: 1 });
    const key = `${step}\u0000${node}`;
    this.seen.add(key);
    for (const line of this.early.get(key) ?? []) this.emit(line);
    this.early.delete(key);
  }

  private taskResult(step: number, payload: Record<string, unknown>): void {
    const id = String(payload.id);
    const node = String(payload.name);
    const started = this.started.get(id);
    this.started.delete(id);
    const interrupts = Array.isArray(payload.interrupts) ? (payload.interrupts as { value?: unknown }[]) : [];
    if (payload.error !== null && payload.error !== undefined) {
      this.failedNode = node;
      return;
    }
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
    this.emit({
      type: "node-finished",
      step,
      node,
      attempt: 1,
      durationMs: started ? Date.now() - started.at : 0,
      // A task LangGraph did not start in this run: its writes were journalled before (a finished branch of a crashed step).
      replayed: started === undefined,
      keys,
    });
  }
}

/** The state keys a task wrote: its result is `{ key: value }`, or `[[channel, value], …]` in some versions. */
function writtenKeys(result: unknown): string[] {
  if (Array.isArray(result)) return result.map((write) => String((write as unknown[])[0])).filter((key) => !key.startsWith("__"));
  if (result && typeof result === "object") return Object.keys(result).filter((key) => !key.startsWith("__"));
  return [];
}
