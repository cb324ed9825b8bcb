import { randomUUID } from "node:crypto";
import { DurableError, isDurableError, toErrorInfo } from "../errors";
import { compareFingerprints, graphChangePhrases } from "../fingerprint/compareFingerprints";
import { fingerprintGraph } from "../fingerprint/graphFingerprint";
import type { ErrorPayload, RunEvent } from "../protocol/runEvents";
import type { CompiledGraph } from "../sdk/compiledGraph";
import type { StateValues } from "../sdk/types";
import { deepFreeze, isFrozenWriteError } from "../state/deepFreeze";
import { findNonJson } from "../state/jsonValue";
import { diffState, type StateChange } from "../state/stateChanges";
import type { ThreadWriter } from "../store/checkpointStore";
import type { AnswerRecord, NodeRecord } from "../store/records";
import { openQuestions, questionKey, type Draft, type Question } from "../store/checkpointStore";
import { InterruptPause, isInterruptPause } from "../interrupts/interruptPause";
import type { FaultHooks } from "./faults";
import { mergeWrites, type MergedStep } from "./mergeWrites";
import { nextNodes } from "./routing";
import { validateChanges } from "./validateChanges";
import { isStoreFailure } from "../store/storeFailure";
import { runNode, type NodeOutcome } from "./runNode";

/** How long a run may go without letting the event loop turn (see the step loop). */
const YIELD_MS = 50;

export const DEFAULT_STEP_LIMIT = 10_000;

const NO_QUESTIONS: ReadonlyMap<string, Question> = new Map();

export interface ExecuteOptions {
  graph: CompiledGraph;
  /** Holds the thread's lock; its `resume` says where to continue. */
  writer: ThreadWriter;
  signal?: AbortSignal;
  /** Most super-steps this run may take before failing with STEP_LIMIT. */
  stepLimit?: number;
  onEvent?: (event: RunEvent) => void;
  faults?: FaultHooks;
  /** Maps an error to its payload (the runner adds the graph file's line from the stack). */
  describeError?: (error: unknown) => ErrorPayload;
  /** Answers to open questions, already checked against their schemas: journalled before anything runs. */
  answers?: Draft<AnswerRecord>[];
}

export interface RunResult {
  status: "completed" | "failed" | "cancelled" | "waiting";
  step: number;
  state: StateValues;
  error?: ErrorPayload;
  /** `waiting`: the questions not answered yet. */
  questions?: Question[];
}

/**
 * Runs a thread from its last committed checkpoint to END (or a failure, or cancellation) in
 * super-steps: the nodes due run concurrently, each completion is recorded as it happens, their writes
 * are merged by the reducers, and the step is committed as one checkpoint of the changes.
 */
export async function executeThread(options: ExecuteOptions): Promise<RunResult> {
  const { graph, writer } = options;
  const emit = options.onEvent ?? (() => undefined);
  const describe = options.describeError ?? defaultDescribe;
  const signal = options.signal ?? new AbortController().signal;
  const stepLimit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
  const faults = options.faults ?? {};
  const resume = writer.resume;
  const schemaKeys = new Set(Object.keys(graph.schema.shape));

  let state = deepFreeze(resume.state);
  let step = resume.step;
  let next = resume.next;
  let pending: ReadonlyMap<string, NodeRecord> = resume.pending;
  let tasks: ReadonlyMap<string, unknown> = resume.tasks;
  let questions = new Map(resume.questions);
  let answers = new Map(resume.answers);
  const resumed = step > 0 || pending.size > 0 || resume.runsWithoutProgress > 0 || resume.end !== undefined;

  const fingerprint = fingerprintGraph(graph);
  const changes = resume.graph ? compareFingerprints(resume.graph, fingerprint) : undefined;
  writer.recordRun({ run: randomUUID(), pid: process.pid, at: Date.now(), step, resumed, graph: fingerprint });
  for (const answer of options.answers ?? []) {
    // Recorded as given now: after this run's start, where a reader of the history looks for it.
    writer.recordAnswer({ ...answer, at: Date.now() });
    answers.set(questionKey(answer.node, answer.index), { value: answer.value });
  }
  emit({
    type: "run-started",
    thread: writer.threadId,
    graph: resume.thread.graph,
    resumed,
    step,
    lastNodes: resume.lastNodes,
    next,
    pending: [...pending.keys()],
    pid: process.pid,
    ...(changes ? { graphChanged: { from: changes.from, to: changes.to, changes: graphChangePhrases(changes) } } : {}),
  });
  const repaired = resume.repaired;
  if (repaired) emit({ type: "repaired", thread: writer.threadId, file: repaired.file, offset: repaired.offset, bytes: repaired.bytes, records: repaired.records });
  for (const warning of graph.warnings) emit({ type: "warning", message: warning });

  const finish = (status: RunResult["status"], error?: unknown): RunResult => {
    const payload = error === undefined ? undefined : describe(error);
    writer.end({ status, step, at: Date.now(), ...(payload ? { error: toStoredError(payload) } : {}) });
    const open = status === "waiting" ? openQuestions({ questions, answers }) : undefined;
    if (status === "completed") emit({ type: "done", step, state });
    else if (status === "cancelled") emit({ type: "cancelled", step });
    else if (open) emit({ type: "waiting", step, questions: open });
    else emit({ type: "failed", step, error: payload! });
    return { status, step, state, ...(payload ? { error: payload } : {}), ...(open ? { questions: open } : {}) };
  };

  // Nodes that never wait on I/O (all microtasks) would starve the event loop: the runner's IPC,
  // where a cancel arrives, is read only when the loop turns. It turns at least every YIELD_MS.
  let turnedAt = Date.now();
  try {
    for (let taken = 0; next.length > 0; taken++) {
      if (Date.now() - turnedAt >= YIELD_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turnedAt = Date.now();
      }
      if (signal.aborted) return finish("cancelled");
      if (taken >= stepLimit) {
        throw new DurableError("STEP_LIMIT", `the run took ${stepLimit} steps without reaching END; raise the step limit if the graph needs more`, {
          stepLimit,
        });
      }
      const current = step + 1;
      const nodes = next;
      emit({ type: "step-started", step: current, nodes });
      const stepTasks = new Map(tasks);
      // A step of one node records its completion with the commit, in one write, when nothing can
      // happen between the two: its router is synchronous and no fault point lies between them.
      // Any other way out of the step (a failure, cancellation, an asynchronous router) records it first.
      const deferOne = nodes.length === 1 && !pending.has(nodes[0]!) && !faults.afterNodeRecorded && !faults.beforeCommit;
      // Nodes whose question is still open wait on: running them again would only ask it again.
      // Allocated only in a step that has questions: most steps have none, and this is the per-step path.
      const unanswered = questions.size > 0 ? new Map(openQuestions({ questions, answers }).map((q) => [q.node, q] as const)) : NO_QUESTIONS;
      let deferred: NodeOutcome | undefined;
      const recordDeferred = () => {
        if (deferred) writer.recordNode(deferred);
        deferred = undefined;
      };
      const outcomes = await Promise.allSettled(
        nodes.map(async (name): Promise<NodeOutcome> => {
          const recorded = pending.get(name);
          if (recorded) {
            emit({ type: "node-finished", step: current, node: name, attempt: recorded.attempt, durationMs: recorded.durationMs, replayed: true, keys: Object.keys(recorded.writes) });
            return recorded;
          }
          const open = unanswered.get(name);
          if (open) throw new InterruptPause(open);
          const spec = graph.nodes.get(name);
          if (!spec) throw new DurableError("GRAPH_INVALID", `the checkpoint schedules node "${name}", which the graph no longer has`, { node: name });
          const outcome = await runNode({ threadId: writer.threadId, step: current, node: spec, state, schemaKeys, writer, recordedTasks: stepTasks, questions, answers, signal, emit }).catch(
            (error: unknown) => {
              if (isInterruptPause(error)) {
                const { node, index, value, schema, refused } = error.question;
                emit({ type: "node-waiting", step: current, node, index, ...(value === undefined ? {} : { value }), ...(schema ? { schema } : {}), ...(refused ? { refused } : {}) });
              }
              throw attributed(error, name);
            },
          );
          if (deferOne) deferred = outcome;
          else writer.recordNode(outcome);
          emit({ type: "node-finished", step: current, node: name, attempt: outcome.attempt, durationMs: outcome.durationMs, replayed: false, keys: Object.keys(outcome.writes) });
          faults.afterNodeRecorded?.(current, name);
          return outcome;
        }),
      );
      if (signal.aborted) {
        recordDeferred();
        return finish("cancelled");
      }
      const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected" && !isInterruptPause(o.reason));
      if (failure) throw failure.reason;
      // Some node waits for a person: the step commits when every node of it has finished.
      if (outcomes.some((o) => o.status === "rejected")) {
        recordDeferred();
        return finish("waiting");
      }
      const writes = outcomes.map((o) => (o as PromiseFulfilledResult<NodeOutcome>).value.writes);
      let merged: MergedStep;
      let changes: StateChange[];
      let following: string[];
      try {
        merged = mergeWrites(graph, state, writes);
        changes = checkedChanges(graph, [...diffState(state, merged.state, merged.touched), ...appendChanges(merged.appended)]);
        validateChanges(graph.schema, changes, (key) => nodes.filter((_, i) => writes[i]![key] !== undefined));
        const routed = nextNodes(graph, nodes, merged.state);
        if (routed instanceof Promise) recordDeferred();
        following = await routed;
      } catch (error) {
        recordDeferred();
        throw error;
      }
      faults.beforeCommit?.(current, nodes);
      writer.commit({ step: current, nodes: [...nodes], changes, next: following, state: merged.state, ...(deferred ? { nodeRecords: [deferred] } : {}) });
      state = merged.state;
      step = current;
      next = following;
      pending = new Map();
      tasks = new Map();
      questions = new Map();
      answers = new Map();
      emit({ type: "checkpoint", step, nodes: [...nodes], next, changed: changes.map((c) => c.key) });
      faults.afterCommit?.(step, nodes);
    }
    return finish("completed");
  } catch (error) {
    if (signal.aborted && !isDurableError(error, "FENCED")) return finish("cancelled");
    if (isDurableError(error, "FENCED") || isStoreFailure(error)) {
      // A successor owns the thread now, or the disk refuses writes: this run may write nothing more,
      // not even its end. The thread stays as its last commit left it, to be resumed.
      const payload = describe(error);
      emit({ type: "failed", step, error: payload });
      return { status: "failed", step, state, error: payload };
    }
    return finish("failed", error);
  }
}

/** The changes of `appendReducer` keys: the items appended, known without comparing the lists. */
function appendChanges(appended: ReadonlyMap<string, unknown[]>): StateChange[] {
  const changes: StateChange[] = [];
  for (const [key, items] of appended) if (items.length > 0) changes.push({ key, op: "append", items });
  return changes;
}

/** Every failure inside a node names the node; the original error stays as the cause (with its stack). */
function attributed(error: unknown, node: string): unknown {
  if (isInterruptPause(error)) return error;
  if (isDurableError(error) && (error.details.node !== undefined || error.code === "CANCELLED" || error.code === "FENCED")) return error;
  if (isDurableError(error)) return new DurableError(error.code, error.message, { ...error.details, node }, { cause: error.cause });
  const message = error instanceof Error ? error.message : String(error);
  const hint = isFrozenWriteError(error) ? " (the state is read-only: return the keys you change, e.g. { list: [...state.list, item] })" : "";
  return new DurableError("NODE_FAILED", `node "${node}" failed: ${message}${hint}`, { node }, { cause: error });
}

/**
 * Reducers can produce what nodes could not write (a Set, a Date): refuse it before it is stored. Keys
 * without a reducer hold what a node wrote, which `checkWrites` has already checked.
 */
function checkedChanges(graph: CompiledGraph, changes: StateChange[]): StateChange[] {
  for (const change of changes) {
    if (!graph.reducers.has(change.key)) continue;
    const value = change.op === "set" ? change.value : change.op === "append" ? change.items : null;
    const bad = findNonJson(value);
    if (bad) {
      throw new DurableError("NOT_SERIALIZABLE", `the reducer of "${change.key}" produced ${bad.reason}, which cannot be stored as JSON`, { key: change.key });
    }
  }
  return changes;
}

function defaultDescribe(error: unknown): ErrorPayload {
  const info = toErrorInfo(error);
  const node = isDurableError(error) && typeof error.details.node === "string" ? error.details.node : undefined;
  return { ...info, ...(node ? { node } : {}) };
}

function toStoredError(payload: ErrorPayload) {
  const { code, message, name, stack, details, node, file, line } = payload;
  return { code, message, ...(name ? { name } : {}), ...(stack ? { stack } : {}), details: { ...details, ...(node ? { node } : {}), ...(file ? { file, line } : {}) } };
}
