import assert from "node:assert/strict";
import { useGoldenFixture } from "./helpers/goldenFixture";

/**
 * A LangGraph.js thread's steps as the Threads view, Show Checkpoint and Fork pick them: its root
 * graph's checkpoints (not the subgraph's, not its input), and the graph's channels at each.
 */
describe("a LangGraph.js thread's checkpoints (golden fixture)", () => {
  const golden = useGoldenFixture("journal-v3-langgraph");

  it("lists the root graph's steps 0 to 3 with the nodes that ran and the channels they changed", async () => {
    const list = await golden.store().checkpoints("golden");
    assert.deepEqual(
      list.map((c) => `${c.step}: ${c.nodes.join("+")} → ${c.next.join("+") || "END"} [${c.changes.map((ch) => ch.key).join(",")}]`),
      ["0: __start__ → write [topic]", "1: write → edit [draft]", "2: edit → review [draft]", "3: review → END [approved]"],
    );
  });

  it("gives the state at each step, step 0 being the input LangGraph started from", async () => {
    const store = golden.store();
    const states = [];
    for (const step of [0, 1, 2, 3]) states.push((await store.checkpoint("golden", step)).state);
    assert.deepEqual(states, [
      { topic: "Q3" },
      { topic: "Q3", draft: "About Q3" },
      { topic: "Q3", draft: "About Q3!" },
      { topic: "Q3", draft: "About Q3!", approved: true },
    ]);
    await assert.rejects(store.checkpoint("golden", 4), { code: "CHECKPOINT_NOT_FOUND" });
  });
});
