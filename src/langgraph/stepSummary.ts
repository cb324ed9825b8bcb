import type { Checkpoint } from "@langchain/langgraph-checkpoint";

/**
 * What a LangGraph.js checkpoint says about its step, for the thread's summary (the CLI's `threads`,
 * the Threads view), read from the checkpoint alone — the saver never sees the graph:
 *
 * - `nodes`: the nodes that ran in the step it ends (their `versions_seen` moved since the parent's);
 * - `next`: the nodes due next — those whose trigger channel holds a value newer than the version the
 *   node last saw: `branch:to:NODE` (an edge or a router to it), `join:A+B:NODE` once every one of A, B
 *   has arrived (`addEdge([A, B], NODE)`), and `__start__` (the input). These are the channels
 *   `StateGraph` triggers nodes with; a `Send` goes to `__pregel_tasks` and is not listed.
 */
export function stepSummary(checkpoint: Checkpoint, parent: Pick<Checkpoint, "versions_seen"> | undefined): { nodes: string[]; next: string[] } {
  const seen = checkpoint.versions_seen ?? {};
  const before = parent?.versions_seen ?? {};
  const nodes = Object.keys(seen).filter((node) => !node.startsWith("__") || node === "__start__").filter((node) => !sameVersions(seen[node], before[node]));
  const next: string[] = [];
  for (const [channel, version] of Object.entries(checkpoint.channel_versions ?? {})) {
    if (!(channel in (checkpoint.channel_values ?? {}))) continue;
    const node = triggeredNode(channel, checkpoint.channel_values[channel]);
    if (node === undefined || next.includes(node)) continue;
    const last = seen[node]?.[channel];
    if (last === undefined || newer(version, last)) next.push(node);
  }
  return { nodes, next };
}

function triggeredNode(channel: string, value: unknown): string | undefined {
  if (channel === "__start__") return "__start__";
  if (channel.startsWith("branch:to:")) return channel.slice("branch:to:".length);
  const join = /^join:(.+):([^:]+)$/.exec(channel);
  if (join) {
    const arrived = new Set(Array.isArray(value) ? value.map(String) : []);
    return join[1]!.split("+").every((source) => arrived.has(source)) ? join[2] : undefined;
  }
  return undefined;
}

function newer(a: number | string, b: number | string): boolean {
  return typeof a === "number" && typeof b === "number" ? a > b : String(a) > String(b);
}

function sameVersions(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  for (const key of keys) if (a?.[key] !== b?.[key]) return false;
  return true;
}
