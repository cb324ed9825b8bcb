/**
 * A separate process that holds a thread of a file store, for tests that need a real other owner:
 * `node --import tsx threadHolder.ts <root> <thread> <create|open> <steps>`. It commits `steps` steps
 * (state `{ n: step }`), reports `{ type: "ready", pid, step }` over IPC, then obeys messages:
 * `{ type: "commit" }` commits one more step and answers `committed` or `error` with the error's code;
 * `{ type: "close" }` closes the writer and exits. Its lease is an hour, so its heartbeat never races a test.
 */
import { isDurableError } from "../../../../src/core/errors";
import { FileStore } from "../../../../src/core/store/file/fileStore";

async function main(): Promise<void> {
  const [root, thread, mode, steps] = process.argv.slice(2);
  const store = new FileStore(root!, { leaseMs: 3_600_000 });
  const writer = mode === "create" ? await store.create({ thread: thread!, graph: "holder.graph.ts", state: { n: 0 }, next: ["a"] }) : await store.open(thread!);
  let step = writer.resume.step;
  const commit = () => {
    step++;
    writer.commit({ step, nodes: ["a"], changes: [{ key: "n", op: "set", value: step }], next: ["a"], state: { n: step } });
  };
  for (let i = 0; i < Number(steps); i++) commit();
  process.on("message", (message: { type: string }) => {
    if (message.type === "commit") {
      try {
        commit();
        process.send!({ type: "committed", step });
      } catch (error) {
        step--;
        process.send!({ type: "error", code: isDurableError(error) ? error.code : String(error) });
      }
    } else if (message.type === "close") {
      void writer.close().then(() => process.disconnect());
    }
  });
  process.send!({ type: "ready", pid: process.pid, step });
}

main().catch((error: unknown) => {
  process.send!({ type: "failed", message: String(error), code: isDurableError(error) ? error.code : undefined });
  process.disconnect();
});
