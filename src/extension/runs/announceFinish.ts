import * as vscode from "vscode";
import { finishMessage } from "./finishMessage";
import type { RunFinish } from "./runManager";

/** Tells the user how a run ended (finishMessage says what), and runs the action they pick. */
export async function announceFinish(finish: RunFinish, output: vscode.OutputChannel): Promise<void> {
  const message = finishMessage(finish, (path) => vscode.workspace.asRelativePath(path));
  const show = {
    info: () => vscode.window.showInformationMessage(message.text, ...message.actions),
    warning: () => vscode.window.showWarningMessage(message.text, ...message.actions),
    error: () => vscode.window.showErrorMessage(message.text, ...message.actions),
  }[message.severity];
  const choice = await show();
  switch (choice) {
    case "Show Output":
      output.show(true);
      return;
    case "Answer…":
      await vscode.commands.executeCommand("durableGraphs.answerQuestion", finish.thread);
      return;
    case "Open Run Panel":
      await vscode.commands.executeCommand("durableGraphs.openRunPanel", finish.thread);
      return;
    case "Resume Thread":
      await vscode.commands.executeCommand("durableGraphs.resumeThread", finish.thread);
      return;
    case "Reset Thread":
      // Asks for confirmation first, like Reset Thread anywhere else.
      await vscode.commands.executeCommand("durableGraphs.resetThread", finish.thread);
      return;
    case "Open Failing Line": {
      const error = finish.error;
      if (!error?.file || !error.line) return;
      const position = new vscode.Position(error.line - 1, Math.max(0, (error.column ?? 1) - 1));
      await vscode.window.showTextDocument(vscode.Uri.file(error.file), { selection: new vscode.Range(position, position) });
      return;
    }
  }
}
