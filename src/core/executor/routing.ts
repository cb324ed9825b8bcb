import { DurableError } from "../errors";
import type { BranchSpec, CompiledGraph } from "../sdk/compiledGraph";
import { END } from "../sdk/constants";
import type { StateValues } from "../sdk/types";

/**
 * The nodes due after `ran` ran (or after START for a new thread): static edges plus what each
 * conditional router picks from the merged state. Deduplicated in a stable order (fan-in runs once).
 * Synchronous when every router is (the executor then commits a single-node step in one write);
 * a promise from the first router that returns one.
 */
export function nextNodes(graph: CompiledGraph, ran: readonly string[], state: Readonly<StateValues>): string[] | Promise<string[]> {
  const next: string[] = [];
  const add = (node: string) => {
    if (node !== END && !next.includes(node)) next.push(node);
  };
  const routes: { source: string; branch: BranchSpec }[] = [];
  for (const source of ran) {
    for (const target of graph.edges.get(source) ?? []) add(target);
    for (const branch of graph.branches.get(source) ?? []) routes.push({ source, branch });
  }
  const route = (from: number): string[] | Promise<string[]> => {
    for (let i = from; i < routes.length; i++) {
      const { source, branch } = routes[i]!;
      const result = branch.router(state);
      if (isThenable(result)) {
        return Promise.resolve(result).then((value) => {
          pick(source, branch, value, graph, add);
          return route(i + 1);
        });
      }
      pick(source, branch, result, graph, add);
    }
    return next;
  };
  return route(0);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function pick(source: string, branch: BranchSpec, result: unknown, graph: CompiledGraph, add: (node: string) => void): void {
  const picks = typeof result === "string" ? [result] : Array.isArray(result) ? (result as unknown[]) : undefined;
  if (!picks) {
    throw new DurableError("ROUTER_INVALID", `the router after "${source}" returned ${typeof result}; return a node name, a list of names, or END`, { node: source });
  }
  for (const value of picks) {
    const name = value as string;
    const target = branch.destinations ? branch.destinations.get(name) : name;
    if (target === undefined || (target !== END && !graph.nodes.has(target))) {
      const allowed = branch.destinations ? [...branch.destinations.keys()] : [...graph.nodes.keys(), "END"];
      throw new DurableError("ROUTER_INVALID", `the router after "${source}" returned "${name}", which is not one of: ${allowed.join(", ")}`, {
        node: source,
        value: name,
      });
    }
    add(target);
  }
}
