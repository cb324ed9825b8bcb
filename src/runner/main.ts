import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { captureConsole } from "../core/executor/logCapture";
import type { RunEvent } from "../core/protocol/runEvents";
import { fromRunner, runRequestMessage, toRunner, type FromRunner, type RunRequestMessage } from "../core/protocol/runnerMessages";
import { FileStore } from "../core/store/file/fileStore";
import { crashFaults } from "./crashFaults";
import { describeError } from "./describeError";
import { runGraphThread } from "./runGraphThread";

/**
 * The runner child process. Forked with an IPC channel (the extension): it takes one `start` request,
 * reports events, answers with a result, and exits. Run directly, it takes the request as JSON in
 * argv[2] and writes the same messages as NDJSON on stdout. When its parent goes away it cancels the
 * run and exits, taking its process group (anything a node spawned) with it.
 */
const controller = new AbortController();
const send: (message: FromRunner) => void = process.send
  ? (message) => process.send!(fromRunner.parse(message))
  : (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function serve(request: RunRequestMessage): Promise<number> {
  captureConsole();
  try {
    const store = new FileStore(resolve(request.storeDir), request.durability ? { durability: request.durability } : {});
    const faults = crashFaults(request.crashAt ?? process.env.DURABLE_GRAPHS_CRASH_AT);
    const outcome = await runGraphThread({
      store,
      workspace: resolve(request.workspace),
      thread: request.thread,
      mode: request.mode,
      ...(request.file ? { file: resolve(request.workspace, request.file) } : {}),
      ...(request.input === undefined ? {} : { input: request.input }),
      ...(request.fresh ? { fresh: true } : {}),
      ...(request.force ? { force: true } : {}),
      ...(request.stepLimit ? { stepLimit: request.stepLimit } : {}),
      ...(faults ? { faults } : {}),
      signal: controller.signal,
      onEvent: (event: RunEvent) => send({ type: "event", event }),
    });
    send({ type: "result", status: outcome.status, step: outcome.step, ...(outcome.alreadyFinished ? { alreadyFinished: true } : {}) });
    return outcome.status === "completed" ? 0 : 1;
  } catch (error) {
    send({ type: "error", error: describeError(error) });
    return 2;
  }
}

let parentGone = false;

/**
 * The host is gone: cancel the run (the executor records it), exit, and take the process group —
 * anything a node started — down with this process, so nothing keeps running or writing.
 */
function leaveWithParent(): void {
  if (parentGone) return;
  parentGone = true;
  controller.abort();
  process.once("exit", killOwnGroup);
  // A node that ignores its abort signal must not keep the process alive.
  setTimeout(() => process.exit(130), 2000).unref();
}

function killOwnGroup(): void {
  if (getProcessGroup() !== process.pid) return; // not a group leader: the group is the host's
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
}

function getProcessGroup(): number | undefined {
  try {
    // /proc/self/stat field 5 is the process group id.
    const stat = readFileSync("/proc/self/stat", "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  } catch {
    return undefined;
  }
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
      if (parsed.data.type === "cancel") controller.abort();
      else void serve(parsed.data.request).then((code) => finish(code));
    });
    return;
  }
  const raw = process.argv[2];
  if (!raw) {
    process.stderr.write(`usage: node ${dirname(process.argv[1] ?? "runner.js")}/runner.js '<request JSON>'\n`);
    process.exit(2);
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
    process.exit(2);
  }
  void serve(request).then((code) => finish(code));
}

function finish(code: number): void {
  process.exitCode = code;
  if (process.send) process.disconnect();
}

main();
