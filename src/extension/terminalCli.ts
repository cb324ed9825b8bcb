import { delimiter, join } from "node:path";
import type * as vscode from "vscode";

/**
 * The `durable-graphs` CLI in every integrated terminal, with no install: the extension's `bin/` goes on
 * the terminals' PATH (a `durable-graphs` shell script, and `durable-graphs.cmd` on Windows), and the
 * editor's own Node is named for it (`DURABLE_GRAPHS_NODE`; the script runs an Electron binary as Node
 * for that one command), so it works where no Node is installed. Terminals opened before show VS Code's
 * "relaunch" hint.
 */
export function offerCliInTerminals(context: vscode.ExtensionContext): void {
  const env = context.environmentVariableCollection;
  env.description = "Puts the durable-graphs CLI on PATH, run by the editor's own Node.";
  env.prepend("PATH", `${join(context.extensionPath, "bin")}${delimiter}`);
  env.replace("DURABLE_GRAPHS_NODE", process.execPath);
}
