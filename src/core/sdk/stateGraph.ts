import { z } from "zod";
import { DurableError } from "../errors";
import type { BranchSpec, CompiledGraph, EdgeSpec, GraphShape, NodeSpec } from "./compiledGraph";
import { END, START } from "./constants";
import { callerSite } from "./sourceSite";
import type { InferState, NodeFunction, NodeOptions, Reducer, Router } from "./types";
import { validateGraph } from "./validateGraph";

const RESERVED_NODE_NAMES = new Set([START, END, "START", "END", "__proto__"]);

export interface StateGraphOptions<S extends z.ZodObject> {
  /** Per-key reducers: how a node's write to that key combines with its current value (default: replace). */
  reducers?: { [K in keyof InferState<S>]?: Reducer<InferState<S>[K], any> };
  /** A display name; defaults to the graph file's name. */
  name?: string;
}

/**
 * Builds a state graph in LangGraph's vocabulary. Node-level mistakes (duplicates, reserved names,
 * unknown reducer keys) throw at once; graph-level ones (unknown edge targets, no path to END) when the
 * graph is compiled, which the runner does on load.
 */
export class StateGraph<S extends z.ZodObject> {
  private readonly nodes = new Map<string, NodeSpec>();
  private readonly edgeList: EdgeSpec[] = [];
  private readonly branchList: BranchSpec[] = [];
  private readonly reducers = new Map<string, Reducer>();
  private compiled?: CompiledGraph;

  constructor(
    readonly schema: S,
    private readonly options: StateGraphOptions<S> = {},
  ) {
    if (!(schema instanceof z.ZodObject) && !isZodObjectLike(schema)) {
      throw new DurableError("GRAPH_INVALID", "the state schema must be a zod object, e.g. z.object({ ... })", callerDetails());
    }
    const keys = new Set(Object.keys(schema.shape));
    for (const [key, reducer] of Object.entries(options.reducers ?? {})) {
      if (!keys.has(key)) {
        throw new DurableError("GRAPH_INVALID", `reducer for "${key}", which is not a key of the state schema (keys: ${[...keys].join(", ")})`, {
          key,
          ...callerDetails(),
        });
      }
      if (typeof reducer !== "function") {
        throw new DurableError("GRAPH_INVALID", `the reducer for "${key}" must be a function (current, update) => next`, { key, ...callerDetails() });
      }
      this.reducers.set(key, reducer as Reducer);
    }
  }

  addNode(name: string, fn: NodeFunction<InferState<S>>, options: NodeOptions = {}): this {
    const site = callerSite();
    this.assertOpen();
    if (typeof name !== "string" || name.trim() === "") {
      throw new DurableError("GRAPH_INVALID", "a node needs a non-empty name", { ...site });
    }
    if (RESERVED_NODE_NAMES.has(name)) {
      throw new DurableError("GRAPH_INVALID", `"${name}" is reserved for the graph's entry and exit; give the node another name`, {
        node: name,
        ...site,
      });
    }
    if (this.nodes.has(name)) {
      throw new DurableError("GRAPH_INVALID", `node "${name}" is added twice`, { node: name, ...site });
    }
    if (typeof fn !== "function") {
      throw new DurableError("GRAPH_INVALID", `node "${name}" needs a function (state, context) => update`, { node: name, ...site });
    }
    validateNodeOptions(name, options, site);
    this.nodes.set(name, { name, fn: fn as NodeFunction<any>, options, site });
    return this;
  }

  /** An edge from one node, or from each of several nodes (fan-in), to another. */
  addEdge(from: string | readonly string[], to: string): this {
    const site = callerSite();
    this.assertOpen();
    for (const source of typeof from === "string" ? [from] : from) {
      this.edgeList.push({ from: source, to, site });
    }
    return this;
  }

  /**
   * After `source` runs, `router(state)` picks what runs next: a node, a list of nodes to run in
   * parallel, or END. `destinations` lists the possible results (an array of node names, or a map from
   * the router's labels to node names); without it any node is assumed possible.
   */
  addConditionalEdges(source: string, router: Router<InferState<S>>, destinations?: readonly string[] | Record<string, string>): this {
    const site = callerSite();
    this.assertOpen();
    if (typeof router !== "function") {
      throw new DurableError("GRAPH_INVALID", `conditional edges from "${source}" need a router function`, { node: source, ...site });
    }
    let map: Map<string, string> | undefined;
    if (Array.isArray(destinations)) map = new Map(destinations.map((d) => [d, d]));
    else if (destinations) map = new Map(Object.entries(destinations));
    this.branchList.push({ source, router: router as Router<any>, destinations: map, site });
    return this;
  }

  /** Validates the graph and freezes it. Called by the runner; calling it yourself is optional. */
  compile(): CompiledGraph {
    if (this.compiled) return this.compiled;
    const warnings = validateGraph(this.nodes, this.edgeList, this.branchList);
    const edges = new Map<string, string[]>();
    for (const edge of this.edgeList) {
      const list = edges.get(edge.from) ?? [];
      if (!list.includes(edge.to)) list.push(edge.to);
      edges.set(edge.from, list);
    }
    const branches = new Map<string, BranchSpec[]>();
    for (const branch of this.branchList) {
      branches.set(branch.source, [...(branches.get(branch.source) ?? []), branch]);
    }
    const nodes = new Map(this.nodes);
    const shape = (): GraphShape => ({
      nodes: [...nodes.keys()],
      edges: [
        ...this.edgeList.map((e) => ({ from: e.from, to: e.to, conditional: false })),
        ...this.branchList.flatMap((b) =>
          [...(b.destinations?.values() ?? [...nodes.keys(), END])].map((to) => ({ from: b.source, to, conditional: true })),
        ),
      ],
    });
    this.compiled = Object.freeze({
      kind: "durable-graphs.compiled" as const,
      name: this.options.name,
      schema: this.schema,
      reducers: new Map(this.reducers),
      nodes,
      edges,
      branches,
      warnings,
      shape,
    });
    return this.compiled;
  }

  private assertOpen(): void {
    if (this.compiled) throw new DurableError("GRAPH_INVALID", "the graph is already compiled; add nodes and edges before compile()", {});
  }
}

function validateNodeOptions(name: string, options: NodeOptions, site: object | undefined): void {
  const retry = options.retry;
  if (retry && (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1)) {
    throw new DurableError("GRAPH_INVALID", `node "${name}": retry.maxAttempts must be an integer ≥ 1`, { node: name, ...site });
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
    throw new DurableError("GRAPH_INVALID", `node "${name}": timeoutMs must be a positive number of milliseconds`, { node: name, ...site });
  }
}

function isZodObjectLike(value: unknown): value is z.ZodObject {
  return typeof value === "object" && value !== null && "shape" in value && typeof (value as { parse?: unknown }).parse === "function";
}

function callerDetails(): Record<string, unknown> {
  return { ...callerSite() };
}
