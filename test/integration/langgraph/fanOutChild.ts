// A process running an ordinary LangGraph.js graph with DurableGraphsSaver, for the saver's crash tests:
//   START → plan → (left ‖ right) → join → END
// Each node appends its name to EFFECTS_FILE when it runs (what a test counts). With HANG=right, `right`
// waits, once `left`'s writes are journalled, for a SIGKILL: it prints "hanging" and never returns.
// argv: <store dir> <thread id> start|resume
import { appendFileSync } from "node:fs";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { PendingWrite } from "@langchain/langgraph-checkpoint";
import type { RunnableConfig } from "@langchain/core/runnables";
import { DurableGraphsSaver } from "../../../src/langgraph";

const [directory, threadId, mode] = process.argv.slice(2) as [string, string, "start" | "resume"];
const effects = process.env.EFFECTS_FILE!;

let leftJournalled!: () => void;
const leftWritten = new Promise<void>((resolve) => (leftJournalled = resolve));

/** The saver, telling when `left`'s writes are journalled (putWrites has returned). */
class Saver extends DurableGraphsSaver {
  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    await super.putWrites(config, writes, taskId, taskPath);
    if (taskPath?.endsWith(", left")) leftJournalled();
  }
}

const State = Annotation.Root({
  visited: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  big: Annotation<string>(),
});

const ran = (node: string) => appendFileSync(effects, `${node}\n`);
const graph = new StateGraph(State)
  .addNode("plan", async () => (ran("plan"), { visited: ["plan"], big: "x".repeat(Number(process.env.BIG_BYTES ?? "10")) }))
  .addNode("left", async () => (ran("left"), { visited: ["left"] }))
  .addNode("right", async () => {
    ran("right");
    if (process.env.HANG === "right") {
      await leftWritten;
      process.stdout.write("hanging\n");
      await new Promise(() => undefined);
    }
    return { visited: ["right"] };
  })
  .addNode("join", async () => (ran("join"), { visited: ["join"] }))
  .addEdge(START, "plan")
  .addEdge("plan", "left")
  .addEdge("plan", "right")
  .addEdge(["left", "right"], "join")
  .addEdge("join", END);

async function main(): Promise<void> {
  const saver = new Saver({ directory, graph: "fanOut.graph.ts" });
  const app = graph.compile({ checkpointer: saver });
  const result = await app.invoke(mode === "start" ? { visited: [] } : null, { configurable: { thread_id: threadId } });
  await saver.close();
  process.stdout.write(`${JSON.stringify({ visited: result.visited })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
