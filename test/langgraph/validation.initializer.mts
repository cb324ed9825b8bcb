// The initializer LangGraph's conformance suite (@langchain/langgraph-checkpoint-validation) runs
// DurableGraphsSaver with (test/langgraph/validation.test.mts, `npm run test:langgraph`, vitest as the
// package expects). Each checkpointer gets a store of its own, removed when the suite is done with it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DurableGraphsSaver } from "../../src/langgraph/index.ts";

const directories = new Map<DurableGraphsSaver, string>();

export default {
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
