/**
 * A fresh process that resumes a LangGraph.js loop thread from a SqliteSaver file (as shipped: WAL,
 * synchronous NORMAL), or starts one in an empty file.
 */
import { chatGraph } from "../graphs/chat";
import { loopGraph } from "../graphs/loop";
import { buildLangGraph, openSqliteSaver } from "../peers/langGraph";
import { childArgs, DONE, markFirstNode } from "./marker";

async function main(): Promise<void> {
  const args = childArgs();
  const saver = openSqliteSaver(args.store, "NORMAL");
  const app = buildLangGraph(args.graph === "chat" ? chatGraph(args.steps, markFirstNode) : loopGraph(args.steps, markFirstNode), saver);
  const config = { configurable: { thread_id: args.thread }, recursionLimit: args.steps + 10 };
  const state = await app.invoke(args.mode === "resume" ? null : {}, config);
  process.stdout.write(`${DONE} ${JSON.stringify(args.graph === "chat" ? { count: state.messages.length } : state)}\n`);
  saver.db.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
