import { resolve } from "node:path";
import { isDurableError } from "../core/errors";
import { compareFingerprints, graphChangePhrases } from "../core/fingerprint/compareFingerprints";
import { fingerprintGraph, type GraphFingerprint } from "../core/fingerprint/graphFingerprint";
import type { GraphDriftMessage } from "../core/protocol/runnerMessages";
import type { CheckpointStore, ThreadInfo } from "../core/store/checkpointStore";
import { judgeGraphFit } from "./graphFits";
import { loadGraph } from "./loadGraph";

/**
 * How an unfinished thread's graph file differs from the graph its last run ran ("node plan changed"…),
 * and whether it can resume on it — `yes` (the run is marked), `accept-changes` (only with
 * --accept-changes), `no` (refused) — with the reason it is refused as it stands.
 */
export type GraphDrift = GraphDriftMessage;

/** Threads that stopped short of the end and could be resumed: their graph may have been edited since. */
const UNFINISHED: ReadonlySet<string> = new Set(["interrupted", "failed", "cancelled", "waiting"]);

/**
 * For each unfinished thread whose summary names its last run's graph, whether that graph changed:
 * each distinct graph file is loaded once, and only a thread whose fingerprint differs is read further
 * (its last state, its last run's fingerprint). A graph file that does not load is skipped (running
 * the thread says why). Keyed by thread id; threads whose graph is the same are absent.
 */
export async function graphDrifts(store: CheckpointStore, workspace: string, threads: readonly ThreadInfo[]): Promise<Map<string, GraphDrift>> {
  const drifts = new Map<string, GraphDrift>();
  const graphs = new Map<string, Promise<Awaited<ReturnType<typeof loadGraph>> | undefined>>();
  for (const info of threads) {
    if (!info.graphId || !UNFINISHED.has(info.status)) continue;
    const file = resolve(workspace, info.graph);
    if (!graphs.has(file)) graphs.set(file, loadGraph(file).catch(() => undefined));
    const loaded = await graphs.get(file)!;
    if (!loaded || fingerprintGraph(loaded.graph).id === info.graphId) continue;
    try {
      const drift = await driftOf(store, info, loaded.graph);
      if (drift) drifts.set(info.id, drift);
    } catch (error) {
      // Gone or damaged meanwhile: the listing says what it says about the thread itself.
      if (!isDurableError(error)) throw error;
    }
  }
  return drifts;
}

async function driftOf(store: CheckpointStore, info: ThreadInfo, graph: Parameters<typeof fingerprintGraph>[0]): Promise<GraphDrift | undefined> {
  const last: GraphFingerprint | undefined = await store.lastGraph(info.id);
  if (!last) return undefined;
  const view = await store.checkpoint(info.id);
  const fit = judgeGraphFit(graph, { step: view.step, state: view.state, next: view.next, lastNodes: view.nodes, graph: last }, info.id, info.graph);
  const changes = fit.changes ?? compareFingerprints(last, fingerprintGraph(graph));
  if (!changes) return undefined;
  return {
    from: changes.from,
    to: changes.to,
    changes: graphChangePhrases(changes),
    resumes: !fit.refusal ? "yes" : fit.acceptable ? "accept-changes" : "no",
    ...(fit.refusal ? { reason: fit.refusal.message.replace(/ \(changed since its last run: [^)]*\)/, "") } : {}),
  };
}
