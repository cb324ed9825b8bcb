import { DurableError, isDurableError } from "../core/errors";
import { nextNodes } from "../core/executor/routing";
import { validateStoredState } from "../core/executor/validateChanges";
import { compareFingerprints, graphChangePhrases, type GraphChanges } from "../core/fingerprint/compareFingerprints";
import { fingerprintGraph } from "../core/fingerprint/graphFingerprint";
import { START } from "../core/sdk/constants";
import type { CompiledGraph } from "../core/sdk/compiledGraph";
import type { ResumePoint } from "../core/store/checkpointStore";

/** Where a thread stands, as far as judging a graph against it needs (a listing has no pending nodes). */
export type ThreadPosition = Pick<ResumePoint, "step" | "state" | "next" | "lastNodes" | "graph"> & { pending?: ResumePoint["pending"] };

/** How a graph compares with the one a thread last ran, and whether the thread can resume on it. */
export interface GraphFit {
  /** What changed since the thread's last run (absent: the same graph, or no fingerprint recorded). */
  changes?: GraphChanges;
  /** Why the thread cannot resume on this graph as it stands (GRAPH_CHANGED), if it cannot. */
  refusal?: DurableError;
  /** The refusal is lifted by `--accept-changes` (what can run, runs); false for what can never run. */
  acceptable?: boolean;
}

/**
 * Judges a graph against a thread, writing nothing. What can never run is refused: a node due next that
 * is gone, a stored state the schema rejects or holds a key it dropped, a recorded completion writing
 * such a key (the ways out: fork with a migration, reset). What can run but not as the graph now says
 * is refused unless accepted: the step the thread stopped after now routes elsewhere than the nodes it
 * is due to run. Anything else — a node's code changed, a key added — resumes, and the run is marked.
 */
export function judgeGraphFit(graph: CompiledGraph, at: ThreadPosition, thread: string, graphLabel: string): GraphFit {
  const changes = at.graph ? compareFingerprints(at.graph, fingerprintGraph(graph)) : undefined;
  const fit = (refusal: DurableError, acceptable = false): GraphFit => ({ ...(changes ? { changes } : {}), refusal, acceptable });
  const changed = changes ? ` (changed since its last run: ${graphChangePhrases(changes).join("; ") || "its code"})` : "";
  const missing = at.next.find((node) => !graph.nodes.has(node));
  if (missing) {
    return fit(
      new DurableError("GRAPH_CHANGED", `thread ${thread} is due to run node "${missing}", which ${graphLabel} no longer has${changed}; restore the node, or fork the thread from an earlier step`, {
        thread,
        node: missing,
        reason: "node-removed",
      }),
    );
  }
  const keys = new Set(Object.keys(graph.schema.shape));
  // The schema would drop such a key silently (a renamed key's default would stand in for the value).
  const dropped = Object.keys(at.state).find((key) => !keys.has(key));
  if (dropped) {
    return fit(
      new DurableError(
        "GRAPH_CHANGED",
        `thread ${thread}'s stored state holds "${dropped}", which the state schema of ${graphLabel} no longer has (renamed or removed?)${changed}; add the key back, or migrate the state in a fork`,
        { thread, key: dropped, reason: "state-unfit" },
      ),
    );
  }
  try {
    validateStoredState(graph.schema, at.state);
  } catch (error) {
    if (!isDurableError(error, "GRAPH_CHANGED")) throw error;
    return fit(new DurableError("GRAPH_CHANGED", `${error.message.replace(/; fork or reset.*$/, "")}${changed}`, { ...error.details, thread, reason: "state-unfit" }));
  }
  for (const [node, record] of at.pending ?? []) {
    const unknown = Object.keys(record.writes).find((key) => !keys.has(key));
    if (unknown) {
      return fit(
        new DurableError(
          "GRAPH_CHANGED",
          `node "${node}" of thread ${thread} finished in the interrupted step writing "${unknown}", which the state schema no longer has${changed}; add the key back, or fork the thread from step ${at.step}`,
          { thread, node, key: unknown, reason: "state-unfit" },
        ),
      );
    }
  }
  const rerouted = changes ? reroutedNext(graph, changes, at) : undefined;
  if (rerouted) {
    const ran = at.lastNodes.length ? at.lastNodes.join(", ") : "START";
    return fit(
      new DurableError(
        "GRAPH_CHANGED",
        `thread ${thread} stopped after ${ran} due to run ${at.next.join(", ") || "END"}, but ${graphLabel} now routes from there to ${rerouted.join(", ") || "END"}${changed}`,
        { thread, reason: "rerouted", next: at.next, now: rerouted },
      ),
      true,
    );
  }
  return changes ? { changes } : {};
}

/**
 * What the new graph's edges pick after the last step, when the edges leaving it changed and pick
 * other nodes than the thread recorded. Routers are asked only then; one that is asynchronous or
 * throws is not second-guessed (the recorded next nodes stand).
 */
function reroutedNext(graph: CompiledGraph, changes: GraphChanges, at: ThreadPosition): string[] | undefined {
  // A fork's first checkpoint ran no node: what led there is in its origin, not to be recomputed here.
  if (at.lastNodes.length === 0 && at.step > 0) return undefined;
  const ran = at.lastNodes.length ? at.lastNodes : [START];
  if (!ran.some((node) => changes.edges.includes(node))) return undefined;
  let now: string[] | Promise<string[]>;
  try {
    now = nextNodes(graph, ran, at.state);
  } catch {
    return undefined;
  }
  if (!Array.isArray(now)) {
    now.catch(() => undefined);
    return undefined;
  }
  const same = now.length === at.next.length && now.every((node) => at.next.includes(node));
  return same ? undefined : now;
}
