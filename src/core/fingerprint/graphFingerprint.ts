import { createHash } from "node:crypto";
import { z } from "zod";
import type { CompiledGraph } from "../sdk/compiledGraph";
import { START } from "../sdk/constants";

/**
 * What a run ran: a short hash per node (its function's source as bundled, and its options), per state
 * key (its JSON Schema and reducer) and per edge source (its static targets, each router's source and
 * destinations), and one id over all of them. Kept per part so a later graph can be compared with it and
 * the difference named ("node plan changed, key x added"), not only detected. Stored in run records.
 */
export const graphFingerprint = z.object({
  id: z.string(),
  nodes: z.record(z.string(), z.string()),
  keys: z.record(z.string(), z.string()),
  edges: z.record(z.string(), z.string()),
});
export type GraphFingerprint = z.infer<typeof graphFingerprint>;

// Computed once per loaded graph: a process runs many threads of the same graph (the benchmark, a worker).
const computed = new WeakMap<CompiledGraph, GraphFingerprint>();

export function fingerprintGraph(graph: CompiledGraph): GraphFingerprint {
  const known = computed.get(graph);
  if (known) return known;
  const nodes: Record<string, string> = {};
  for (const [name, spec] of graph.nodes) nodes[name] = hash(`${spec.fn.toString()}\u0000${canonical(spec.options)}`);
  const keys: Record<string, string> = {};
  for (const [key, schema] of Object.entries(graph.schema.shape)) {
    keys[key] = hash(`${canonical(jsonSchemaOf(schema as z.ZodType))}\u0000${graph.reducers.get(key)?.toString() ?? ""}`);
  }
  const edges: Record<string, string> = {};
  for (const source of [START, ...graph.nodes.keys()]) {
    const targets = [...(graph.edges.get(source) ?? [])].sort();
    const branches = (graph.branches.get(source) ?? []).map((b) => ({
      router: b.router.toString(),
      destinations: b.destinations ? [...b.destinations.entries()].sort() : null,
    }));
    if (targets.length > 0 || branches.length > 0) edges[source] = hash(canonical({ targets, branches }));
  }
  const fingerprint = { id: hash(canonical({ nodes, keys, edges }), 12), nodes, keys, edges };
  computed.set(graph, fingerprint);
  return fingerprint;
}

/** A key's schema as JSON Schema; a type JSON Schema cannot express (a transform, a custom check) counts as its description. */
function jsonSchemaOf(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: "any", io: "input" });
  } catch {
    return { zod: schema.def.type };
  }
}

function hash(text: string, length = 10): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** JSON with object keys sorted and functions as their source, so equal graphs hash equally. */
function canonical(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (typeof value === "function") return value.toString();
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sorted((value as Record<string, unknown>)[key]);
  return out;
}
