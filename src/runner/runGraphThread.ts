import nodePath, { resolve } from "node:path";
import { DurableError, isDurableError } from "../core/errors";
import { DEFAULT_STEP_LIMIT, executeThread, type RunResult } from "../core/executor/executeThread";
import type { FaultHooks } from "../core/executor/faults";
import { nextNodes } from "../core/executor/routing";
import { validateId } from "../core/ids";
import type { RunEvent } from "../core/protocol/runEvents";
import { START } from "../core/sdk/constants";
import type { CompiledGraph } from "../core/sdk/compiledGraph";
import { findNonJson, jsonEqual } from "../core/state/jsonValue";
import { crashFaults } from "./crashFaults";
import type { CheckpointStore, ResumePoint, ThreadWriter } from "../core/store/checkpointStore";
import { describeError } from "./describeError";
import { loadAnyGraph } from "./loadGraph";
import { runLangGraphThread } from "./runLangGraphThread";
import { chooseAnswer, refuseWhileWaiting, type AnswerInput } from "./answerChoice";
import type { Draft } from "../core/store/checkpointStore";
import type { AnswerRecord } from "../core/store/records";
import { judgeGraphFit } from "./graphFits";

/** After this many runs in a row that committed nothing, `run` stops resuming the thread by itself. */
export const CRASH_LOOP_LIMIT = 3;

export interface RunRequest {
  store: CheckpointStore;
  /** The directory graph paths are stored relative to (the workspace; the store's parent by default). */
  workspace: string;
  thread: string;
  /** `run`: start the thread, or resume it if unfinished. `resume`: continue an existing thread only. */
  mode: "run" | "resume";
  /** The graph file (required for `run`; `resume` takes the thread's own). */
  file?: string;
  input?: unknown;
  /** Start over even if the thread exists. */
  fresh?: boolean;
  /** Resume even after repeated crashes without progress. */
  force?: boolean;
  /** Resume on a changed graph where it can run, though not as the graph now says (the recorded next nodes run). */
  acceptChanges?: boolean;
  stepLimit?: number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  faults?: FaultHooks;
  /** A fault point (`after-commit:NODE`…) where the process SIGKILLs itself: rehearsing recovery. */
  crashAt?: string;
  /** Called just before that SIGKILL (to send output held back). */
  beforeCrash?: () => void;
  /** An answer to the thread's open question (the oldest, or the one `node`/`index` name). */
  answer?: AnswerInput;
}

export type RunOutcome = RunResult & { thread: string; graph: string; alreadyFinished?: boolean };

/**
 * The one way a thread is run, shared by the CLI (in its own process) and the runner child process
 * (for the editor): load and check the graph, then create the thread or take over its lock, and execute.
 * Nothing is written before the graph file, the input and the thread id have been checked.
 */
export async function runGraphThread(request: RunRequest): Promise<RunOutcome> {
  const thread = validateId(request.thread);
  const found = await request.store.getThread(thread);
  if (found?.status === "quarantined") {
    const what = request.fresh ? "; it is not started over automatically: `reset` it to drop its journal, or copy the journal aside first" : "";
    throw new DurableError("STORE_CORRUPT", `thread ${thread} is quarantined: ${found.error?.message ?? "its journal is damaged"}${what}`, { thread });
  }
  const existing = request.fresh ? undefined : found;
  if (request.mode === "resume" && !existing) {
    throw new DurableError("THREAD_NOT_FOUND", `no thread ${thread} to resume`, { thread });
  }
  if (request.answer && !existing) {
    throw new DurableError("INVALID_ARGUMENT", `thread ${thread} does not exist yet, so nothing asks for an answer; run it first`, { thread });
  }
  const graphLabel = existing ? existing.graph : graphLabelFor(request.workspace, required(request.file));
  const file = existing ? resolve(request.workspace, existing.graph) : resolve(required(request.file));
  if (existing && request.file && resolve(request.file) !== file) {
    throw new DurableError(
      "INVALID_ARGUMENT",
      `thread ${thread} belongs to ${existing.graph}, not ${graphLabelFor(request.workspace, request.file)}; pick another --thread or pass --fresh to start it over with this graph`,
      { thread, graph: existing.graph },
    );
  }
  const loaded = await loadAnyGraph(file);
  if (loaded.kind === "langgraph") {
    return runLangGraphThread({ request, loaded, thread, graphLabel, existing, replace: request.fresh === true && found !== undefined });
  }
  if (existing?.engine === "langgraph") {
    throw new DurableError("INVALID_ARGUMENT", `thread ${thread} was run with LangGraph.js, and ${graphLabel} is no longer a LangGraph.js graph: pick another --thread, or pass --fresh to start it over`, { thread });
  }
  const { graph } = loaded;
  const faults = request.faults ?? crashFaultsFor(graph, request.crashAt, request.beforeCrash);

  if (existing && request.input !== undefined) {
    // Running the same command again resumes; a different input would silently be ignored.
    const stored = (await request.store.threadRecord(thread)).input;
    if (!jsonEqual(stored ?? {}, request.input)) {
      throw new DurableError(
        "INVALID_ARGUMENT",
        `thread ${thread} already exists (step ${existing.step}) and was started with another input; pass --fresh to start it over with this input, or leave --input out to ${existing.status === "completed" ? "see its result" : "resume it"}`,
        { thread },
      );
    }
  }
  // A completed thread is only shown, unless its journal ends torn (a process died writing after the
  // end, or the file was damaged there): then it is taken over, which cuts the tail and says so.
  if (existing?.status === "completed" && request.answer) {
    throw new DurableError("INVALID_ARGUMENT", `thread ${thread} is completed: nothing asks for an answer`, { thread });
  }
  if (existing?.status === "completed" && !(await request.store.hasTornTail(thread))) {
    const view = await request.store.checkpoint(thread);
    return { status: "completed", step: view.step, state: view.state, thread, graph: graphLabel, alreadyFinished: true };
  }
  // Everything that can refuse a resume is checked before the thread is taken over: nothing is written.
  let answers: Draft<AnswerRecord>[] | undefined;
  const check = (resume: ResumePoint) => {
    const fit = judgeGraphFit(graph, resume, thread, graphLabel);
    if (fit.refusal && !(fit.acceptable && request.acceptChanges)) throw fit.refusal;
    if (request.answer) answers = [chooseAnswer(thread, resume, request.answer)];
    else refuseWhileWaiting(thread, resume);
    const runs = resume.runsWithoutProgress;
    if (request.mode === "run" && !request.force && runs >= CRASH_LOOP_LIMIT) {
      throw new DurableError(
        "CRASH_LOOP",
        `thread ${thread} was started ${runs} times since step ${resume.step} without committing a step (next: ${resume.next.join(", ")}); it is not resumed automatically any more`,
        { thread, runs, step: resume.step, next: resume.next },
      );
    }
  };
  let writer: ThreadWriter;
  if (existing) {
    writer = await request.store.open(thread, { check });
  } else {
    const state = initialState(graph, request.input);
    const next = await nextNodes(graph, [START], state);
    try {
      writer = await request.store.create({ thread, graph: graphLabel, state, next, ...(request.input === undefined ? {} : { input: request.input }) }, { replace: request.fresh === true });
    } catch (error) {
      if (!isDurableError(error, "THREAD_EXISTS") || request.fresh) throw error;
      // Created by a concurrent run an instant ago: start again, as a run of an existing thread.
      return runGraphThread(request);
    }
  }
  try {
    const result = await executeThread({
      graph,
      writer,
      stepLimit: request.stepLimit ?? DEFAULT_STEP_LIMIT,
      describeError: (error: unknown) => describeError(error, file),
      ...(answers ? { answers } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.onEvent ? { onEvent: request.onEvent } : {}),
      ...(faults ? { faults } : {}),
    });
    return { ...result, thread, graph: graphLabel };
  } finally {
    await writer.close();
  }
}

/** `--crash-at POINT:NODE`, checked against the graph's nodes (a typo would never fire). */
function crashFaultsFor(graph: CompiledGraph, spec: string | undefined, beforeKill?: () => void): FaultHooks | undefined {
  const faults = crashFaults(spec, beforeKill);
  const node = spec?.split(":")[1];
  if (faults && node && !graph.nodes.has(node)) {
    throw new DurableError("INVALID_ARGUMENT", `--crash-at names node "${node}", which the graph does not have (nodes: ${[...graph.nodes.keys()].join(", ")})`, { node });
  }
  return faults;
}

/** Schema defaults plus the input, checked by the state schema and for JSON. */
export function initialState(graph: CompiledGraph, input: unknown): Record<string, unknown> {
  if (input !== undefined && (typeof input !== "object" || input === null || Array.isArray(input))) {
    throw new DurableError("INPUT_INVALID", `the input must be a JSON object of state keys, not ${Array.isArray(input) ? "an array" : JSON.stringify(input)}`, {});
  }
  const parsed = graph.schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(input)"}: ${i.message}`);
    throw new DurableError("INPUT_INVALID", `the input does not match the state schema: ${issues.join("; ")}`, { issues });
  }
  const state = parsed.data as Record<string, unknown>;
  const bad = findNonJson(state);
  if (bad) throw new DurableError("INPUT_INVALID", `the initial state holds ${bad.reason} at ${bad.path}, which cannot be stored as JSON`, { path: bad.path });
  return state;
}

/** How a graph file is recorded: relative to the workspace with forward slashes when inside it. */
export function graphLabelFor(workspace: string, file: string, paths: PathApi = nodePath): string {
  const absolute = paths.resolve(file);
  const rel = paths.relative(workspace, absolute);
  // Outside the workspace (on Windows, another drive: `relative` then returns the absolute path).
  if (rel === ".." || rel.startsWith(`..${paths.sep}`) || paths.isAbsolute(rel)) return absolute;
  return rel.split(paths.sep).join("/");
}

type PathApi = Pick<typeof nodePath, "resolve" | "relative" | "isAbsolute" | "sep">;

function required(file: string | undefined): string {
  if (!file) throw new DurableError("INVALID_ARGUMENT", "a graph file is needed to start a thread", {});
  return file;
}

