import * as vscode from "vscode";

/**
 * Workspace Trust: running a graph executes the workspace's code, so Run, Resume and Run and Crash
 * refuse in Restricted Mode and say why; viewing threads and checkpoints stays available.
 * Returns true when the action may go ahead.
 */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = "Manage Workspace Trust";
  void vscode.window
    .showWarningMessage(
      `Durable Graphs cannot ${action} in Restricted Mode: it would run code from this workspace. Trust the workspace to run graphs; threads can still be viewed.`,
      manage,
    )
    .then((choice) => choice === manage && vscode.commands.executeCommand("workbench.trust.manage"));
  return false;
}
