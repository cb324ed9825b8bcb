import type { z } from "zod";
import type { NodeFunction, NodeOptions, Reducer, Router, SourceSite } from "./types";

export interface NodeSpec {
  name: string;
  fn: NodeFunction<any>;
  options: NodeOptions;
  site?: SourceSite;
}

export interface BranchSpec {
  source: string;
  router: Router<any>;
  /** Label → node; labels are what the router returns. Undefined when the router may go anywhere. */
  destinations?: Map<string, string>;
  site?: SourceSite;
}

export interface EdgeSpec {
  from: string;
  to: string;
  site?: SourceSite;
}

/** Plain description of the graph's shape, for diagrams and listings (no functions). */
export interface GraphShape {
  nodes: string[];
  edges: { from: string; to: string; conditional: boolean }[];
}

/**
 * The validated, immutable form of a graph that the executor runs. Built by `StateGraph.compile()`.
 */
export interface CompiledGraph {
  readonly kind: "durable-graphs.compiled";
  readonly name?: string;
  readonly schema: z.ZodObject;
  readonly reducers: ReadonlyMap<string, Reducer>;
  readonly nodes: ReadonlyMap<string, NodeSpec>;
  /** Static successors of each node (and of START). */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  readonly branches: ReadonlyMap<string, readonly BranchSpec[]>;
  readonly warnings: readonly string[];
  shape(): GraphShape;
}
