import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { DurableGraphsApi } from "../../../src/extension/extension";

export const EXTENSION_ID = "durable-graphs.durable-graphs";

/** The activated extension's API (activating it if the workspace has not already). */
export async function extensionApi(): Promise<DurableGraphsApi> {
  const extension = vscode.extensions.getExtension<DurableGraphsApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  return extension.activate();
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the test workspace is open");
  return folder;
}

export function graphFile(name = "durable.graph.ts"): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, name);
}

/** The Threads view's rows as the user would see them: graph label → thread id → status. */
export async function treeRows(api: DurableGraphsApi): Promise<Map<string, Map<string, string>>> {
  const graphs = await api.services.tree.listGraphs();
  return new Map(graphs.map((g) => [g.label, new Map(g.threads.map((t) => [t.id, t.status]))]));
}
