import { existsSync } from "node:fs";
import * as vscode from "vscode";
import type { GraphShape } from "../../core/protocol/panelMessages";
import { END, START } from "../../core/sdk/constants";
import type { CheckpointStore, ThreadInfo } from "../../core/store/checkpointStore";
import { describeGraph } from "../runs/runnerProcess";

/**
 * The diagram's graph: described by loading the graph file in a runner process (which runs workspace
 * code, so only in a trusted workspace), or else inferred from the steps the journal recorded.
 */
export async function graphShapeFor(extensionPath: string, folder: string, graphFile: string, store: CheckpointStore, info: ThreadInfo): Promise<GraphShape> {
  let note: string | undefined;
  if (!vscode.workspace.isTrusted) note = "Restricted Mode: the graph file is not loaded; the diagram shows the steps the thread took.";
  else if (!existsSync(graphFile)) note = `The graph file ${info.graph} is missing; the diagram shows the steps the thread took.`;
  else {
    try {
      const described = await describeGraph(extensionPath, folder, graphFile);
      return { nodes: described.nodes, edges: described.edges, inferred: false };
    } catch (error) {
      note = `The graph file could not be loaded (${(error as Error).message}); the diagram shows the steps the thread took.`;
    }
  }
  return { ...(await inferredShape(store, info)), note };
}

async function inferredShape(store: CheckpointStore, info: ThreadInfo): Promise<GraphShape> {
  // A LangGraph.js thread's step 0 ran `__start__`: the diagram starts there anyway.
  const steps = (await store.checkpoints(info.id)).map((c) => c.nodes.filter((n) => n !== START)).filter((nodes) => nodes.length > 0);
  if (info.next.length) steps.push(info.next);
  const nodes = new Set<string>();
  const edges = new Map<string, { from: string; to: string; conditional: boolean }>();
  let previous = [START];
  for (const step of [...steps, ...(info.status === "completed" ? [[END]] : [])]) {
    for (const to of step) {
      nodes.add(to);
      for (const from of previous) edges.set(`${from}\n${to}`, { from, to, conditional: false });
    }
    previous = step;
  }
  nodes.delete(END);
  return { nodes: [...nodes], edges: [...edges.values()], inferred: true };
}
