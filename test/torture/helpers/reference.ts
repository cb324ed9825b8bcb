import assert from "node:assert/strict";
import { CHAIN_GRAPH, cli, tail, workspace } from "./cliProcesses";
import type { ChainState } from "./racers";

/** The chain graph's final state after one uninterrupted run. */
export async function referenceState(env: Record<string, string>): Promise<ChainState> {
  const ws = workspace("dg-torture-ref-");
  try {
    ws.copy(CHAIN_GRAPH, "chain.graph.ts");
    const run = await cli(["run", "chain.graph.ts", "--thread", "reference", "--json"], { cwd: ws.dir, env });
    assert.equal(run.result.code, 0, tail(run.result));
    const done = run.result.events.find((e) => e.type === "done");
    assert.ok(done?.type === "done", "the uninterrupted run ends with a done event");
    return done.state as unknown as ChainState;
  } finally {
    ws.dispose();
  }
}
