import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotation, END, START, StateGraph, messagesStateReducer } from "@langchain/langgraph";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { DurableGraphsSaver } from "../../../src/langgraph";

/** A chat: each step appends one ~100-byte message, until the list holds `turns`. */
function chat(saver: DurableGraphsSaver, turns: number) {
  const State = Annotation.Root({ messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }) });
  return new StateGraph(State)
    .addNode("reply", (state) => ({ messages: [new AIMessage(`reply ${state.messages.length + 1}: ${"lorem ipsum ".repeat(6)}`)] }))
    .addEdge(START, "reply")
    .addConditionalEdges("reply", (state) => (state.messages.length < turns ? "reply" : END))
    .compile({ checkpointer: saver });
}

const contents = (messages: unknown) => (messages as BaseMessage[]).map((m) => String(m.content));

describe("DurableGraphsSaver: a list that grows (a chat's messages)", () => {
  let dir: string;
  let savers: DurableGraphsSaver[];
  const saver = () => {
    const s = new DurableGraphsSaver({ directory: join(dir, ".durable"), graph: "chat.graph.ts" });
    savers.push(s);
    return s;
  };
  const journalLines = (thread: string) => {
    const threadDir = join(dir, ".durable", "threads", thread);
    return readdirSync(threadDir)
      .filter((f) => f.startsWith("journal-"))
      .sort()
      .flatMap((f) => readFileSync(join(threadDir, f), "utf8").split("\n").filter(Boolean));
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dg-lg-lists-"));
    savers = [];
  });
  afterEach(async () => {
    for (const s of savers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals each step's new message, not the whole history again, and reads the list back whole", async () => {
    const writer = saver();
    const run = await chat(writer, 60).invoke({}, { configurable: { thread_id: "chat" }, recursionLimit: 100 });
    assert.equal(run.messages.length, 60);
    await writer.close();

    const checkpoints = journalLines("chat").filter((line) => line.includes('"type":"lg-checkpoint"'));
    const last = checkpoints.at(-1)!;
    assert.ok(last.includes('"append"'), "the last step's list is journalled as what it added");
    assert.ok(last.length < 2_000, `the last step costs its new message (${last.length} bytes), not the ${JSON.stringify(run.messages).length} of the whole list`);

    // Another saver reads it from the journal: the same messages, revived as LangChain messages.
    const reader = saver();
    const tuple = await reader.getTuple({ configurable: { thread_id: "chat" } });
    assert.deepEqual(contents(tuple?.checkpoint.channel_values.messages), contents(run.messages));
    assert.equal((tuple?.checkpoint.channel_values.messages as BaseMessage[])[0]?.getType(), "ai");
    // Every checkpoint of the history holds the list as it was at its step.
    for await (const past of reader.list({ configurable: { thread_id: "chat" } })) {
      const step = past.metadata?.step ?? -1;
      assert.deepEqual(contents(past.checkpoint.channel_values.messages ?? []), contents(run.messages).slice(0, Math.max(step, 0)), `step ${step}`);
    }
    // The CLI's and the editor's reading of the thread: its state.
    const view = await new FileStore(join(dir, ".durable")).checkpoint("chat");
    assert.equal((view.state.messages as unknown[]).length, 60);
  });

  it("continues the list across runs and processes' savers, and a fork from an older step keeps each branch's own list", async () => {
    const first = saver();
    await chat(first, 10).invoke({}, { configurable: { thread_id: "chat" } });
    await first.close();
    const second = saver();
    const longer = await chat(second, 20).invoke({}, { configurable: { thread_id: "chat" }, recursionLimit: 50 });
    assert.deepEqual(contents(longer.messages).slice(0, 10), contents((await saver().getTuple({ configurable: { thread_id: "chat" } }))?.checkpoint.channel_values.messages).slice(0, 10));

    // Fork at step 5 (five messages) and go on from there, while the saver still holds the thread.
    let atFive: string | undefined;
    for await (const past of second.list({ configurable: { thread_id: "chat" } })) if (past.metadata?.step === 5) atFive = past.config.configurable?.checkpoint_id as string;
    assert.ok(atFive);
    const app = chat(second, 8);
    const branch = await app.invoke(null, { configurable: { thread_id: "chat", checkpoint_id: atFive } });
    assert.deepEqual(contents(branch.messages), [...contents(longer.messages).slice(0, 5), ...contents(branch.messages).slice(5)]);
    assert.equal(branch.messages.length, 8);
    await second.close();

    const reader = saver();
    const newest = await reader.getTuple({ configurable: { thread_id: "chat" } });
    assert.deepEqual(contents(newest?.checkpoint.channel_values.messages), contents(branch.messages), "the newest checkpoint is the branch's");
    const states = new Map<number, number>();
    for await (const past of reader.list({ configurable: { thread_id: "chat" } })) {
      const messages = contents(past.checkpoint.channel_values.messages ?? []);
      const source = messages.length > 5 && messages[5] !== contents(longer.messages)[5] ? branch : longer;
      assert.deepEqual(messages, contents(source.messages).slice(0, messages.length));
      states.set(messages.length, (states.get(messages.length) ?? 0) + 1);
    }
    assert.ok((states.get(7) ?? 0) >= 2, "both lines hold a 7-message list, each its own");
  });
});
