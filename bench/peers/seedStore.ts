import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bytesUnder } from "../harness/tempDir";
import { runMini } from "./miniExecutor";
import type { Peer } from "./peer";

/**
 * The seed's store (LangGraphGo's durable-execution example): after every step, read the thread's JSON
 * file, append the step's checkpoint (the whole state) and rewrite the whole file. No fsync, no lock;
 * a torn write loses the history. Driven by the minimal executor, so only the store is measured.
 */
export function seedStorePeer(): Peer {
  return {
    id: "seed",
    label: "seed-style store (rewrite one JSON file per step)",
    safety: "process",
    async open(dir) {
      return {
        prepare: () => undefined,
        run: (graph, thread) => {
          const file = join(dir, `${thread}.json`);
          return runMini(graph, {
            commit(step, state, nodes) {
              const doc: { checkpoints: unknown[] } = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : { checkpoints: [] };
              doc.checkpoints.push({ step, nodes, state, at: Date.now() });
              writeFileSync(file, JSON.stringify(doc));
            },
          });
        },
        diskBytes: () => bytesUnder(dir),
        close: async () => undefined,
      };
    },
  };
}
