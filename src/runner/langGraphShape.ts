import { END, START } from "../core/sdk/constants";
import type { GraphShape } from "../core/sdk/compiledGraph";
import type { LangGraphApp } from "./langGraphExport";

/**
 * A compiled LangGraph.js graph's structure, for the diagram (the runner's `graph` reply), from its own
 * `getGraph()`: the nodes (START and END, which LangGraph names as the SDK does, only as edge ends, as
 * the SDK's shape has them) and the edges, a router's marked conditional.
 */
export function langGraphShape(app: LangGraphApp): GraphShape {
  const drawn = app.getGraph();
  const nodes = Object.values(drawn.nodes).map((node) => node.id).filter((id) => id !== START && id !== END);
  const edges = drawn.edges.map((edge) => ({ from: edge.source, to: edge.target, conditional: edge.conditional === true }));
  return { nodes, edges };
}
