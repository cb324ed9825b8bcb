import type { GraphDriftMessage } from "../core/protocol/runnerMessages";

/** What changed in a thread's graph since its last run and what resuming will do, in a sentence or two. */
export function graphDriftText(drift: GraphDriftMessage): string {
  const what = `The graph changed since this thread's last run: ${drift.changes.join("; ") || "its code"}.`;
  switch (drift.resumes) {
    case "yes":
      return `${what} Resume runs it on the new graph (the history marks the switch).`;
    case "accept-changes":
      return `${what} Resume is refused as it stands: ${drift.reason ?? ""}. \`durable-graphs resume --accept-changes\` runs the nodes it was due to run; or fork it from an earlier step, or reset it.`;
    case "no":
      return `${what} Resume is refused: ${drift.reason ?? ""}. Fork it with a migration (the graph file's migrate(state, fromFingerprint), \`durable-graphs fork --migrate\`), or reset it.`;
  }
}
