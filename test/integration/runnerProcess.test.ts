import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fromRunner, type FromRunner } from "../../src/core/protocol/runnerMessages";
import { REPO, workspace } from "./cli";

const RUNNER = join(REPO, "dist", "runner.js");
const HOST = join(__dirname, "fixtures", "host.js");

/** Starts the stand-in host and reads the runner's messages (validated by the protocol schema). */
function host(request: object, cwd: string) {
  const child = spawn(process.execPath, [HOST, RUNNER, JSON.stringify(request)], { cwd, stdio: ["pipe", "pipe", "inherit"] });
  const messages: FromRunner[] = [];
  /** Messages as they came over the channel (a batch of events counts once). */
  let sent = 0;
  let runnerPid = 0;
  let buffer = "";
  const waiters: { predicate: (m: FromRunner) => boolean; resolve: (m: FromRunner) => void }[] = [];
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) !== -1) {
      const raw = JSON.parse(buffer.slice(0, newline)) as { type: string; pid?: number };
      buffer = buffer.slice(newline + 1);
      if (raw.type === "runner") runnerPid = raw.pid!;
      if (raw.type === "runner" || raw.type === "runner-exit") continue;
      const parsed = fromRunner.parse(raw);
      sent++;
      // A batch of events stands for as many `event` messages, in order (as the extension reads it).
      for (const message of parsed.type === "events" ? parsed.events.map((event): FromRunner => ({ type: "event", event })) : [parsed]) {
        messages.push(message);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(message)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(message);
          }
        }
      }
    }
  });
  return {
    child,
    messages,
    sent: () => sent,
    runnerPid: () => runnerPid,
    next: (predicate: (m: FromRunner) => boolean) =>
      new Promise<FromRunner>((resolve) => {
        const found = messages.find(predicate);
        if (found) resolve(found);
        else waiters.push({ predicate, resolve });
      }),
    exited: new Promise<void>((resolve) => child.on("close", () => resolve())),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `pid` is gone (polling: a process that is not our child gives no exit event). */
async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(!alive(pid), `process ${pid} is gone`);
}

describe("the runner child process (IPC)", function () {
  this.timeout(60_000);
  const ws = workspace("dg-runner-");
  after(() => ws.dispose());
  let started: ChildProcess[] = [];
  afterEach(() => {
    for (const c of started) if (c.exitCode === null) c.kill("SIGKILL");
    started = [];
  });

  it("runs a thread and reports every event as a validated message, then one result", async () => {
    ws.copy("examples/durable-execution/durable.graph.ts", "durable.graph.ts");
    const h = host({ storeDir: ".durable", workspace: ".", thread: "ipc", mode: "run", file: "durable.graph.ts" }, ws.dir);
    started.push(h.child);
    const result = await h.next((m) => m.type === "result");
    assert.deepEqual(result, { type: "result", status: "completed", step: 3 });
    const events = h.messages.flatMap((m) => (m.type === "event" ? [m.event.type] : []));
    for (const type of ["run-started", "step-started", "node-started", "node-finished", "log", "checkpoint", "done"]) {
      assert.ok(events.includes(type as never), `a ${type} event was sent`);
    }
    assert.ok(h.sent() < h.messages.length, `events go in batches: ${h.sent()} messages carried ${h.messages.length}`);
    await h.exited;
  });

  it("cancels on request, then exits without leaving what the node started running", async () => {
    ws.copy("test/integration/graphs/spawner.graph.ts", "spawner.graph.ts");
    const h = host({ storeDir: ".durable", workspace: ".", thread: "cancel-me", mode: "run", file: "spawner.graph.ts" }, ws.dir);
    started.push(h.child);
    const log = await h.next((m) => m.type === "event" && m.event.type === "log" && m.event.message.startsWith("grandchild"));
    const grandchild = Number(log.type === "event" && log.event.type === "log" ? log.event.message.split(" ")[1] : NaN);
    h.child.stdin!.write("cancel\n");
    const result = await h.next((m) => m.type === "result");
    assert.equal(result.type === "result" && result.status, "cancelled");
    assert.ok(h.messages.some((m) => m.type === "event" && m.event.type === "cancelled"));
    await h.exited; // the host leaves when the runner exits: the node's child did not keep it alive
    await gone(h.runnerPid());
    await gone(grandchild);
  });

  it("stops when its parent is killed, leaving no process behind (not even one a node started)", async () => {
    const h = host({ storeDir: ".durable", workspace: ".", thread: "orphan", mode: "run", file: "spawner.graph.ts" }, ws.dir);
    started.push(h.child);
    const log = await h.next((m) => m.type === "event" && m.event.type === "log" && m.event.message.startsWith("grandchild"));
    const grandchild = Number(log.type === "event" && log.event.type === "log" ? log.event.message.split(" ")[1] : NaN);
    const runner = h.runnerPid();
    assert.ok(alive(runner) && alive(grandchild));
    h.child.kill("SIGKILL");
    await gone(runner);
    await gone(grandchild);
  });
});
