// First: it decides how the schemas of the modules below are built (see startupParsing.ts).
import "./startupSchemas";
import { dirname, resolve } from "node:path";
import { captureConsole } from "../core/executor/logCapture";
import type { RunEvent } from "../core/protocol/runEvents";
import { runRequestMessage, toRunner, type ForkRequestMessage, type FromRunner, type GraphDriftMessage, type RunRequestMessage, type ToRunner } from "../core/protocol/runnerMessages";
import { fingerprintGraph } from "../core/fingerprint/graphFingerprint";
import { graphDrifts } from "./graphDrift";
import { FileStore } from "../core/store/file/fileStore";
import { describeError } from "./describeError";
import { killOwnTree, signalOwnGroup } from "./processGroup";
import { forkThread } from "./forkThread";
import { loadAnyGraph } from "./loadGraph";
import { compiledForDrawing } from "./langGraphExport";
import { langGraphShape } from "./langGraphShape";
import { runGraphThread } from "./runGraphThread";

/**
 * The runner child process. Forked with an IPC channel (the extension): it takes one `start` request,
 * reports events, answers with a result, and exits. Run directly, it takes the request as JSON in
 * argv[2] and writes the same messages as NDJSON on stdout. When its parent goes away it cancels the
 * run and exits, taking its process group (anything a node spawned) with it.
 */
const controller = new AbortController();
/** Messages sent, and how many of them have been handed to the host (their write callbacks ran). */
let sent = 0;
let handed = 0;
let whenHanded: (() => void) | undefined;
const onHanded = () => {
  handed++;
  if (handed === sent && whenHanded) {
    whenHanded();
    whenHanded = undefined;
  }
};

/**
 * Sends one message. A run sends a few per step, so this stays cheap: no promise per message, and the
 * message is not parsed here (the host parses what it receives; the types hold what is sent to them).
 */
function send(message: FromRunner): void {
  if (message.type !== "event" && message.type !== "events") sendWaitingEvents();
  sent++;
  if (!process.send) {
    // Write callbacks run in order: once the last one has run, every line before it is out too. A
    // pipe's reader may be far behind; exiting before then would cut the NDJSON.
    process.stdout.write(`${JSON.stringify(message)}\n`, onHanded);
    return;
  }
  if (!process.connected) return onHanded();
  process.send(message, undefined, {}, onHanded);
}

/**
 * Events for the host wait here and go in one message: a step makes several, and one IPC message costs
 * more than its content. They leave when the event loop turns (a run lets it turn at least every 50 ms),
 * when EVENT_BATCH are waiting, and before any other message, so the host sees everything in order.
 * Run directly (NDJSON on stdout), each event is its own line, as before.
 */
const EVENT_BATCH = 256;
let waitingEvents: RunEvent[] = [];
let eventsScheduled = false;

function sendEvent(event: RunEvent): void {
  if (!process.send) return send({ type: "event", event });
  waitingEvents.push(event);
  if (waitingEvents.length >= EVENT_BATCH) sendWaitingEvents();
  else if (!eventsScheduled) {
    eventsScheduled = true;
    setImmediate(sendWaitingEvents);
  }
}

function sendWaitingEvents(): void {
  eventsScheduled = false;
  if (waitingEvents.length === 0) return;
  const events = waitingEvents;
  waitingEvents = [];
  send(events.length === 1 ? { type: "event", event: events[0]! } : { type: "events", events });
}

/** Resolves once everything sent so far has been handed to the host (or the channel is gone). */
function flushed(): Promise<void> {
  if (handed === sent || (process.send && !process.connected)) return Promise.resolve();
  return new Promise((resolve) => (whenHanded = resolve));
}

async function serve(request: RunRequestMessage): Promise<number> {
  captureConsole();
  try {
    const store = new FileStore(resolve(request.storeDir), request.durability ? { durability: request.durability } : {});
    const crashAt = request.crashAt ?? process.env.DURABLE_GRAPHS_CRASH_AT;
    const outcome = await runGraphThread({
      store,
      workspace: resolve(request.workspace),
      thread: request.thread,
      mode: request.mode,
      ...(request.file ? { file: resolve(request.workspace, request.file) } : {}),
      ...(request.input === undefined ? {} : { input: request.input }),
      ...(request.fresh ? { fresh: true } : {}),
      ...(request.force ? { force: true } : {}),
      ...(request.acceptChanges ? { acceptChanges: true } : {}),
      ...(request.stepLimit ? { stepLimit: request.stepLimit } : {}),
      ...(crashAt ? { crashAt } : {}),
      ...(request.answer ? { answer: request.answer } : {}),
      signal: controller.signal,
      onEvent: sendEvent,
      // A crash fault kills the process: what happened before it goes to the host first.
      beforeCrash: sendWaitingEvents,
    });
    send({
      type: "result",
      status: outcome.status,
      step: outcome.step,
      ...(outcome.alreadyFinished ? { alreadyFinished: true } : {}),
      ...(outcome.questions ? { questions: outcome.questions } : {}),
    });
    return outcome.status === "completed" || outcome.status === "waiting" ? 0 : 1;
  } catch (error) {
    send({ type: "error", error: describeError(error) });
    return 2;
  }
}

async function describe(file: string, threads?: DescribeThreads): Promise<number> {
  try {
    const loaded = await loadAnyGraph(resolve(file));
    if (loaded.kind === "langgraph") {
      // LangGraph.js draws its own graph; its threads are not judged against a fingerprint (LangGraph keeps none).
      const { nodes, edges } = langGraphShape(compiledForDrawing(loaded.exported));
      send({ type: "graph", file: resolve(file), nodes, edges, warnings: [], engine: "langgraph" });
      return 0;
    }
    const { graph } = loaded;
    const shape = graph.shape();
    // Judging threads reads the store only: a summary, the last state, the last run's fingerprint.
    const drifts = threads ? await driftsOf(threads) : undefined;
    send({
      type: "graph",
      file: resolve(file),
      nodes: shape.nodes,
      edges: shape.edges,
      warnings: [...graph.warnings],
      fingerprint: fingerprintGraph(graph).id,
      ...(drifts ? { drifts } : {}),
    });
    return 0;
  } catch (error) {
    send({ type: "error", error: describeError(error) });
    return 2;
  }
}

async function forkOne(request: ForkRequestMessage): Promise<number> {
  try {
    const store = new FileStore(resolve(request.storeDir), request.durability ? { durability: request.durability } : {});
    const info = await forkThread({
      store,
      workspace: resolve(request.workspace),
      thread: request.thread,
      step: request.step,
      newId: request.newId,
      ...(request.edit ? { edit: { state: request.edit.state, by: request.edit.by } } : {}),
    });
    send({ type: "forked", thread: info.id, step: info.step });
    return 0;
  } catch (error) {
    send({ type: "error", error: describeError(error) });
    return 2;
  }
}

type DescribeThreads = NonNullable<Extract<ToRunner, { type: "describe" }>["threads"]>;

async function driftsOf(threads: DescribeThreads): Promise<Record<string, GraphDriftMessage>> {
  const store = new FileStore(resolve(threads.storeDir));
  const infos = [];
  for (const id of threads.ids) {
    const info = await store.getThread(id);
    if (info) infos.push(info);
  }
  return Object.fromEntries(await graphDrifts(store, resolve(threads.workspace), infos));
}

let finished = false;

/**
 * The host is gone (the editor reloaded or closed): stop at once, as a crash would, taking the process
 * group — anything a node started — down too. The thread is left interrupted at its last checkpoint
 * (not cancelled), so the editor offers to resume it; nothing keeps running or writing.
 */
function leaveWithParent(): void {
  if (finished) return process.exit(process.exitCode ?? 0);
  killOwnTree();
}

function main(): void {
  if (process.send) {
    process.on("disconnect", leaveWithParent);
    process.on("message", (raw) => {
      const parsed = toRunner.safeParse(raw);
      if (!parsed.success) {
        send({ type: "error", error: { code: "INVALID_ARGUMENT", message: `bad message from the host: ${parsed.error.message}` } });
        return;
      }
      const message = parsed.data;
      if (message.type === "cancel") controller.abort();
      else if (message.type === "describe") void describe(message.file, message.threads).then((code) => finish(code));
      else if (message.type === "fork") void forkOne(message.request).then((code) => finish(code));
      else void serve(message.request).then((code) => finish(code));
    });
    return;
  }
  const raw = process.argv[2];
  if (!raw) {
    process.stderr.write(`usage: node ${dirname(process.argv[1] ?? "runner.js")}/runner.js '<request JSON>'\n`);
    // Nothing else runs yet: the process ends by itself once stderr is written.
    process.exitCode = 2;
    return;
  }
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && leaveWithParent(), 1000).unref();
  process.on("SIGINT", () => controller.abort());
  process.on("SIGTERM", () => controller.abort());
  let request: RunRequestMessage;
  try {
    request = runRequestMessage.parse(JSON.parse(raw));
  } catch (error) {
    send({ type: "error", error: { code: "INVALID_ARGUMENT", message: `bad request: ${(error as Error).message}` } });
    void finish(2);
    return;
  }
  void serve(request).then((code) => finish(code));
}

/**
 * The request is answered: leave now. What a node started and left running (a child process, a
 * timer) must neither keep this process alive nor outlive it: the rest of the process group gets
 * SIGTERM (this process ignores it), then this process exits.
 */
async function finish(code: number): Promise<void> {
  finished = true;
  process.exitCode = code;
  await flushed();
  process.on("SIGTERM", () => undefined);
  signalOwnGroup("SIGTERM");
  process.exit(code);
}

main();
