import { DurableError } from "../errors";
import type { BranchSpec, EdgeSpec, NodeSpec } from "./compiledGraph";
import { END, START } from "./constants";
import type { SourceSite } from "./types";

function at(site: SourceSite | undefined): Record<string, unknown> {
  return site ? { file: site.file, line: site.line, column: site.column } : {};
}

/**
 * Graph-level checks, run once when the graph is compiled: every edge names known nodes, START leads
 * somewhere, END can be reached. Returns warnings (unreachable nodes) for what is legal but suspicious.
 */
export function validateGraph(
  nodes: ReadonlyMap<string, NodeSpec>,
  edges: readonly EdgeSpec[],
  branches: readonly BranchSpec[],
): string[] {
  const known = (name: string) => name === START || name === END || nodes.has(name);
  for (const edge of edges) {
    for (const end of [edge.from, edge.to]) {
      if (!known(end)) {
        throw new DurableError("GRAPH_INVALID", `edge ${edge.from} -> ${edge.to} refers to unknown node "${end}"${suggest(end, nodes)}`, {
          node: end,
          ...at(edge.site),
        });
      }
    }
    if (edge.from === END) throw new DurableError("GRAPH_INVALID", `an edge cannot start at END (edge to "${edge.to}")`, at(edge.site));
    if (edge.to === START) throw new DurableError("GRAPH_INVALID", `an edge cannot lead to START (edge from "${edge.from}")`, at(edge.site));
  }
  for (const branch of branches) {
    if (!known(branch.source) || branch.source === END) {
      throw new DurableError("GRAPH_INVALID", `conditional edges start at unknown node "${branch.source}"${suggest(branch.source, nodes)}`, {
        node: branch.source,
        ...at(branch.site),
      });
    }
    for (const target of branch.destinations?.values() ?? []) {
      if (!known(target) || target === START) {
        throw new DurableError(
          "GRAPH_INVALID",
          `conditional edge from "${branch.source}" refers to unknown node "${target}"${suggest(target, nodes)}`,
          { node: target, ...at(branch.site) },
        );
      }
    }
  }

  const successors = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    let set = successors.get(from);
    if (!set) successors.set(from, (set = new Set()));
    set.add(to);
  };
  for (const edge of edges) add(edge.from, edge.to);
  for (const branch of branches) {
    const targets = branch.destinations ? [...branch.destinations.values()] : [...nodes.keys(), END];
    for (const target of targets) add(branch.source, target);
  }
  if (!successors.has(START)) {
    throw new DurableError("GRAPH_INVALID", `the graph has no entry: add an edge from START to the first node`, {});
  }

  const reached = new Set<string>([START]);
  const queue = [START];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const next of successors.get(current) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  if (!reached.has(END)) {
    throw new DurableError("GRAPH_INVALID", `no path leads from START to END: add an edge to END from the last node`, {});
  }
  const warnings: string[] = [];
  for (const [name, node] of nodes) {
    if (!reached.has(name)) {
      const where = node.site ? ` (${node.site.file}:${node.site.line})` : "";
      warnings.push(`node "${name}" can never run: no edge from START reaches it${where}`);
    }
  }
  return warnings;
}

function suggest(name: string, nodes: ReadonlyMap<string, NodeSpec>): string {
  const names = [...nodes.keys()];
  const close = names.find((n) => n.toLowerCase() === name.toLowerCase() || levenshtein(n, name) <= Math.max(1, Math.floor(name.length / 3)));
  return close ? ` (did you mean "${close}"?)` : names.length ? ` (known nodes: ${names.join(", ")})` : "";
}

/** Edits between two names (insert, delete, replace, or swap two neighbouring letters). */
function levenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
