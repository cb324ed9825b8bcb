import { DurableError } from "../errors";
import type { CompiledGraph } from "../sdk/compiledGraph";
import { END } from "../sdk/constants";
import type { StateValues } from "../sdk/types";

/**
 * The nodes due after `ran` ran (or after START for a new thread): static edges plus what each
 * conditional router picks from the merged state. Deduplicated in a stable order (fan-in runs once).
 */
export async function nextNodes(graph: CompiledGraph, ran: readonly string[], state: Readonly<StateValues>): Promise<string[]> {
  const next: string[] = [];
  const add = (node: string) => {
    if (node !== END && !next.includes(node)) next.push(node);
  };
  for (const source of ran) {
    for (const target of graph.edges.get(source) ?? []) add(target);
    for (const branch of graph.branches.get(source) ?? []) {
      const result = await branch.router(state);
      const picks = typeof result === "string" ? [result] : Array.isArray(result) ? result : undefined;
      if (!picks) {
        throw new DurableError("ROUTER_INVALID", `the router after "${source}" returned ${typeof result}; return a node name, a list of names, or END`, { node: source });
      }
      for (const pick of picks) {
        const target = branch.destinations ? branch.destinations.get(pick) : pick;
        if (target === undefined || (target !== END && !graph.nodes.has(target))) {
          const allowed = branch.destinations ? [...branch.destinations.keys()] : [...graph.nodes.keys(), "END"];
          throw new DurableError("ROUTER_INVALID", `the router after "${source}" returned "${pick}", which is not one of: ${allowed.join(", ")}`, {
            node: source,
            value: pick,
          });
        }
        add(target);
      }
    }
  }
  return next;
}
