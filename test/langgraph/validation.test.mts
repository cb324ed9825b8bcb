// LangGraph's own conformance suite for checkpointers, unmodified and whole (put, putWrites, getTuple,
// list, deleteThread: 718 specs) and its opt-in getDeltaChannelHistory part (8), run against
// DurableGraphsSaver by vitest (`npm run test:langgraph`).
// The package's `validate-checkpointer` CLI cannot run any initializer in version 1.1.1: its runner
// imports a schema its build left out (`checkpointerTestInitializerSchema` is undefined), so the suite
// is run the other way its README gives, `validate(initializer)` in a vitest file with globals.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deltaChannelHistoryTests, validate } from "@langchain/langgraph-checkpoint-validation";
import { DurableGraphsSaver } from "../../src/langgraph/index";

// Each checkpointer gets a store of its own, removed when the suite is done with it.
const directories = new Map<DurableGraphsSaver, string>();

const initializer = {
  checkpointerName: "DurableGraphsSaver",
  createCheckpointer() {
    const directory = mkdtempSync(join(tmpdir(), "dg-lg-validate-"));
    const saver = new DurableGraphsSaver({ directory: join(directory, ".durable"), graph: "validation" });
    directories.set(saver, directory);
    return saver;
  },
  async destroyCheckpointer(saver: DurableGraphsSaver) {
    await saver.close();
    rmSync(directories.get(saver)!, { recursive: true, force: true });
    directories.delete(saver);
  },
};

validate(initializer);
// The suite's opt-in part (not in `validate`): reading a DeltaChannel's history back through parents.
deltaChannelHistoryTests(initializer);
