import { closeSync, fdatasyncSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { bytesUnder } from "../harness/tempDir";
import { runMini } from "./miniExecutor";
import type { Peer } from "./peer";

/**
 * The machine's own limits: the minimal executor appending one JSON line per step (the step's writes)
 * to a file per thread, without sync (what surviving a process crash costs at least) and with an
 * fdatasync per step (what surviving power loss costs at least).
 */
export function appendLogPeers(): Peer[] {
  return [peer("append", "machine floor: append a record per step, no sync", false), peer("append-fdatasync", "machine floor: append a record per step + fdatasync", true)];
}

function peer(id: string, label: string, sync: boolean): Peer {
  return {
    id,
    label,
    safety: sync ? "power" : "process",
    async open(dir) {
      return {
        prepare: () => undefined,
        async run(graph, thread) {
          const fd = openSync(join(dir, `${thread}.ndjson`), "a");
          try {
            return await runMini(graph, {
              commit(step, _state, nodes, updates) {
                writeSync(fd, `${JSON.stringify({ step, nodes, updates })}\n`);
                if (sync) fdatasyncSync(fd);
              },
            });
          } finally {
            closeSync(fd);
          }
        },
        diskBytes: () => bytesUnder(dir),
        close: async () => undefined,
      };
    },
  };
}
