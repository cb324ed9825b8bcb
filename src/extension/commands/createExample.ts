import * as vscode from "vscode";
import example from "../../../examples/durable-execution/durable.graph.ts?raw";

/** Create Example Graph: writes the seed's three-step example into the workspace and opens it. */
export async function createExample(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage("Open a folder first: the example graph and its threads live in the workspace.");
    return undefined;
  }
  let target = vscode.Uri.joinPath(folder.uri, "durable.graph.ts");
  for (let n = 2; await exists(target); n++) target = vscode.Uri.joinPath(folder.uri, `durable-${n}.graph.ts`);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(example));
  await vscode.window.showTextDocument(target);
  void vscode.window.showInformationMessage("Example graph created: run it with Run Graph (the ▶ above the export), or with CRASH=true to watch it resume.");
  return target;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
