import type { GraphFingerprint } from "./graphFingerprint";

/** How a graph differs from the one a thread last ran: each list names nodes, state keys or edge sources. */
export interface GraphChanges {
  from: string;
  to: string;
  nodes: { added: string[]; removed: string[]; changed: string[] };
  keys: { added: string[]; removed: string[]; changed: string[] };
  /** Nodes (or `__start__`) whose outgoing edges or routers changed. */
  edges: string[];
}

/** Undefined when the graph is the same one. */
export function compareFingerprints(before: GraphFingerprint, after: GraphFingerprint): GraphChanges | undefined {
  if (before.id === after.id) return undefined;
  const nodes = diffParts(before.nodes, after.nodes);
  const keys = diffParts(before.keys, after.keys);
  const edgeSources = new Set([...Object.keys(before.edges), ...Object.keys(after.edges)]);
  const edges = [...edgeSources].filter((s) => before.edges[s] !== after.edges[s] && !nodes.removed.includes(s) && !nodes.added.includes(s)).sort();
  return { from: before.id, to: after.id, nodes, keys, edges };
}

function diffParts(before: Record<string, string>, after: Record<string, string>): { added: string[]; removed: string[]; changed: string[] } {
  const added = Object.keys(after).filter((k) => !(k in before));
  const removed = Object.keys(before).filter((k) => !(k in after));
  const changed = Object.keys(after).filter((k) => k in before && before[k] !== after[k]);
  return { added, removed, changed };
}

/**
 * The changes as short phrases, in the order a reader cares about: "node plan changed", "node review
 * added", "edges from plan changed", "key draft added". Empty when only something unnamed differs.
 */
export function graphChangePhrases(changes: GraphChanges): string[] {
  const phrases: string[] = [];
  const list = (names: string[]) => names.map((n) => (n === "__start__" ? "START" : n)).join(", ");
  const part = (what: string, names: string[], verb: string) => {
    if (names.length === 0) return;
    phrases.push(`${what}${names.length > 1 ? "s" : ""} ${list(names)} ${verb}`);
  };
  part("node", changes.nodes.changed, "changed");
  part("node", changes.nodes.added, "added");
  part("node", changes.nodes.removed, "removed");
  if (changes.edges.length > 0) phrases.push(`edges from ${list(changes.edges)} changed`);
  part("key", changes.keys.added, "added");
  part("key", changes.keys.removed, "removed");
  part("key", changes.keys.changed, "changed");
  return phrases;
}
