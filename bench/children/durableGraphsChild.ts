/**
 * A fresh process that resumes a loop thread from our file store (or starts one in an empty store), as
 * an application embedding durable-graphs would: open the store, take the thread, execute.
 */
import { executeThread } from "../../src/core/executor/executeThread";
import { nextNodes } from "../../src/core/executor/routing";
import { START } from "../../src/core/sdk/index";
import { FileStore } from "../../src/core/store/file/fileStore";
import { chatGraph } from "../graphs/chat";
import { loopGraph } from "../graphs/loop";
import { buildDurableGraph } from "../peers/durableGraphs";
import { childArgs, DONE, markFirstNode } from "./marker";

async function main(): Promise<void> {
  const args = childArgs();
  const graph = buildDurableGraph(args.graph === "chat" ? chatGraph(args.steps, markFirstNode) : loopGraph(args.steps, markFirstNode));
  const store = new FileStore(args.store);
  let writer;
  if (args.mode === "resume") {
    writer = await store.open(args.thread);
  } else {
    const state = graph.schema.parse({}) as Record<string, unknown>;
    writer = await store.create({ thread: args.thread, graph: "bench", state, next: await nextNodes(graph, [START], state) });
  }
  try {
    const result = await executeThread({ graph, writer, stepLimit: args.steps + 10 });
    if (result.status !== "completed") throw new Error(`ended ${result.status}: ${result.error?.message}`);
    const state = result.state as { count?: number; messages?: unknown[] };
    process.stdout.write(`${DONE} ${JSON.stringify(args.graph === "chat" ? { count: state.messages!.length } : state)}\n`);
  } finally {
    await writer.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
