import assert from "node:assert/strict";
import { dirname } from "node:path";
import type { BaseMessage } from "@langchain/core/messages";
import { decodeLine } from "../../../src/core/store/file/journalLine";
import { DurableGraphsSaver } from "../../../src/langgraph";
import { useGoldenFixture } from "./helpers/goldenFixture";

/**
 * A LangGraph.js chat thread written through DurableGraphsSaver in journal format 3
 * (`test/fixtures/journal-v3-langgraph-list`): a question, then `reply` appends one AIMessage a step
 * (LangGraph's messagesStateReducer) until there are five. Once the list is a few hundred bytes, its
 * checkpoints hold only the messages a step added (`{ append, after }`). Every later version of the
 * store, and of the saver, must still read it so.
 */
describe("journal format v3, LangGraph.js thread with a growing list (golden fixture)", () => {
  const golden = useGoldenFixture("journal-v3-langgraph-list");

  it("holds checksummed lines; later steps journal the list as the messages they added", () => {
    const lines = golden.journal().toString("utf8").split("\n");
    assert.equal(lines.pop(), "");
    const records = lines.flatMap((line) => {
      const decoded = decodeLine(line);
      assert.ok(decoded.ok, line);
      return decoded.records;
    });
    const appended = records.flatMap((r) => (r.type === "lg-checkpoint" && r.values.messages && "append" in r.values.messages ? [r.values.messages] : []));
    assert.ok(appended.length >= 2, "some steps stored only what they added");
    for (const value of appended) assert.equal(value.append.length, 1);
  });

  it("reads as a completed thread whose state is the whole list", async () => {
    const store = golden.store();
    const info = await store.getThread("golden");
    assert.deepEqual([info?.status, info?.engine, info?.lastNodes], ["completed", "langgraph", ["reply"]]);
    const messages = (await store.checkpoint("golden")).state.messages as { kwargs: { content: string } }[];
    assert.deepEqual(
      messages.map((m) => m.kwargs.content),
      ["hello", "reply 1", "reply 2", "reply 3", "reply 4"],
    );
  });

  it("gives LangGraph back every checkpoint's list whole, as LangChain messages", async () => {
    const saver = new DurableGraphsSaver({ directory: dirname(golden.store().threadsDir) });
    try {
      const latest = await saver.getTuple({ configurable: { thread_id: "golden" } });
      const messages = latest?.checkpoint.channel_values.messages as BaseMessage[];
      assert.deepEqual(messages.map((m) => [m.getType(), m.content]), [["human", "hello"], ["ai", "reply 1"], ["ai", "reply 2"], ["ai", "reply 3"], ["ai", "reply 4"]]);
      const lengths = [];
      for await (const tuple of saver.list({ configurable: { thread_id: "golden" } })) lengths.push((tuple.checkpoint.channel_values.messages as BaseMessage[] | undefined)?.length ?? 0);
      assert.deepEqual(lengths, [5, 4, 3, 2, 1, 0]);
    } finally {
      await saver.close();
    }
  });
});
