import { DurableError, isDurableError, toErrorInfo } from "../errors";
import { isStoreFailure } from "../store/storeFailure";
import type { NodeSpec } from "../sdk/compiledGraph";
import type { NodeContext, StateValues, TaskInfo } from "../sdk/types";
import { findNonJson } from "../state/jsonValue";
import { taskKey, type ThreadWriter } from "../store/checkpointStore";
import type { LogLine, NodeRecord } from "../store/records";
import { loggerFor, runWithLog } from "./logCapture";
import { retryDelay, sleep } from "./retryPolicy";
import type { RunEvent } from "../protocol/runEvents";
import { isInterruptPause, type InterruptPause } from "../interrupts/interruptPause";
import type { Question } from "../store/checkpointStore";
import { interruptFor } from "./nodeInterrupt";

export interface NodeRun {
  threadId: string;
  step: number;
  node: NodeSpec;
  state: Readonly<StateValues>;
  schemaKeys: ReadonlySet<string>;
  writer: ThreadWriter;
  /** Task results recorded for this step (by an earlier run or an earlier try); each new one is added. */
  recordedTasks: Map<string, unknown>;
  /** Questions asked in this step (see InterruptScope). */
  questions: Map<string, Question>;
  answers: Map<string, { value: unknown }>;
  signal: AbortSignal;
  emit(event: RunEvent): void;
}

export type NodeOutcome = Omit<NodeRecord, "seq" | "type">;

/**
 * Runs one node to a recorded result: tries it under its retry policy and timeout, checks that what it
 * returned can be stored, and returns the completion record (not yet written). Throws the final error.
 */
export async function runNode(run: NodeRun): Promise<NodeOutcome> {
  const { node, step } = run;
  for (let attempt = 1; ; attempt++) {
    const logs: LogLine[] = [];
    const startedAt = Date.now();
    const started = performance.now();
    run.emit({ type: "node-started", step, node: node.name, attempt });
    try {
      const writes = await attemptNode(run, attempt, logs);
      return { step, node: node.name, attempt, startedAt, durationMs: round(performance.now() - started), writes, ...(logs.length ? { logs } : {}) };
    } catch (error) {
      if (run.signal.aborted) throw run.signal.reason;
      // Waiting for a person is no failure: nothing to retry, nothing to record but the question.
      if (isInterruptPause(error)) throw error;
      // The store failed (disk full…) or the thread was taken over: no retry can help, nor be recorded.
      if (isStoreFailure(error) || isDurableError(error, "FENCED")) throw error;
      const delay = retryDelay(node.options.retry, attempt, error);
      run.writer.recordFailure({
        step,
        node: node.name,
        attempt,
        final: delay === undefined,
        at: Date.now(),
        startedAt,
        error: toErrorInfo(error),
        ...(logs.length ? { logs } : {}),
      });
      if (delay === undefined) throw error;
      run.emit({ type: "node-retry", step, node: node.name, attempt, delayMs: delay, error: toErrorInfo(error) });
      await sleep(delay, run.signal);
    }
  }
}

async function attemptNode(run: NodeRun, attempt: number, logs: LogLine[]): Promise<Record<string, unknown>> {
  const { node, step } = run;
  // Cancelled before this try began: an already-aborted signal never fires "abort", so the node would
  // get a live signal and could wait forever. Do not start it.
  if (run.signal.aborted) throw run.signal.reason;
  const controller = new AbortController();
  const onAbort = () => controller.abort(run.signal.reason);
  run.signal.addEventListener("abort", onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const usedNames = new Set<string>();
  let paused: InterruptPause | undefined;
  try {
    const sink = {
      lines: logs,
      emit: (level: LogLine["level"], message: string) => run.emit({ type: "log", step, node: node.name, level, message }),
    };
    const context: NodeContext = {
      threadId: run.threadId,
      step,
      node: node.name,
      attempt,
      signal: controller.signal,
      log: loggerFor(sink),
      task: (name, fn) => {
        // Tasks are keyed by name: a second task of the same name would silently get the first's result.
        if (usedNames.has(name)) {
          throw new DurableError("INVALID_ARGUMENT", `node "${node.name}" runs two tasks named "${name}"; give each task its own name`, { node: node.name, task: name });
        }
        usedNames.add(name);
        return memoisedTask(run, name, fn);
      },
      interrupt: interruptFor({ step, node: node.name, writer: run.writer, questions: run.questions, answers: run.answers }, (pause) => {
        paused ??= pause;
      }) as NodeContext["interrupt"],
    };
    const work = runWithLog(sink, () => Promise.resolve().then(() => node.fn(run.state, context)));
    const timeoutMs = node.options.timeoutMs;
    const result = await (timeoutMs === undefined
      ? work
      : Promise.race([
          work,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const error = new DurableError("NODE_TIMEOUT", `node "${node.name}" did not finish within ${timeoutMs} ms`, { node: node.name, timeoutMs });
              controller.abort(error);
              reject(error);
            }, timeoutMs);
          }),
        ]));
    if (run.signal.aborted) throw run.signal.reason;
    // A node that caught the pause and returned anyway still waits for its answer.
    if (paused) throw paused;
    return checkWrites(node.name, result, run.schemaKeys);
  } catch (error) {
    // …as does one that caught it and threw something else (wrapped it, say).
    throw paused ?? error;
  } finally {
    if (timer) clearTimeout(timer);
    run.signal.removeEventListener("abort", onAbort);
  }
}

async function memoisedTask<T>(run: NodeRun, name: string, fn: (info: TaskInfo) => T | Promise<T>): Promise<T> {
  const key = taskKey(run.node.name, name);
  if (run.recordedTasks.has(key)) return run.recordedTasks.get(key) as T;
  // A run that was taken over (it stalled past its lease) must not start a side effect it cannot record.
  run.writer.assertOwner();
  const value = await fn({ idempotencyKey: `${run.threadId}/${run.step}/${run.node.name}/${name}` });
  // A side effect that returns nothing (send an email) is recorded as done, with no value.
  const bad = value === undefined ? undefined : findNonJson(value);
  if (bad) {
    throw new DurableError(
      "NOT_SERIALIZABLE",
      `task "${name}" of node "${run.node.name}" returned ${bad.reason}${bad.path ? ` at ${bad.path}` : ""}, which cannot be journalled as JSON`,
      { node: run.node.name, task: name, path: bad.path },
    );
  }
  run.writer.recordTask({ step: run.step, node: run.node.name, name, value });
  // A retry of this node in this run is a re-run too: it must get the recorded result, not call fn again.
  run.recordedTasks.set(key, value);
  return value;
}

/** A node returns a partial state: an object whose keys are state keys and whose values are JSON. */
function checkWrites(node: string, result: unknown, keys: ReadonlySet<string>): Record<string, unknown> {
  if (result === undefined || result === null) return {};
  const proto = typeof result === "object" ? Object.getPrototypeOf(result) : undefined;
  if (typeof result === "object" && !Array.isArray(result) && proto !== Object.prototype && proto !== null) {
    throw new DurableError("NOT_SERIALIZABLE", `node "${node}" returned an instance of ${(result as object).constructor?.name ?? "a class"}; return a plain object of state keys`, { node });
  }
  if (typeof result !== "object" || Array.isArray(result)) {
    throw new DurableError("NOT_SERIALIZABLE", `node "${node}" returned ${Array.isArray(result) ? "an array" : typeof result}; return an object of state keys (or nothing)`, {
      node,
    });
  }
  const writes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (value === undefined) continue;
    if (!keys.has(key)) {
      throw new DurableError("UNKNOWN_STATE_KEY", `node "${node}" wrote "${key}", which is not a key of the state schema (keys: ${[...keys].join(", ")})`, {
        node,
        key,
      });
    }
    const bad = findNonJson(value);
    if (bad) {
      const where = bad.path ? `${key}${bad.path.startsWith("[") ? "" : "."}${bad.path}` : key;
      throw new DurableError("NOT_SERIALIZABLE", `node "${node}" wrote ${bad.reason} to "${where}", which cannot be stored as JSON`, { node, key, path: where });
    }
    writes[key] = value;
  }
  return writes;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
