import * as vscode from "vscode";
import type { RunFinish } from "./runManager";

/** Tells the user how a run ended, with the next useful action. */
export async function announceFinish(finish: RunFinish, output: vscode.OutputChannel): Promise<void> {
  const showOutput = "Show Output";
  const resume = "Resume Thread";
  switch (finish.status) {
    case "completed": {
      const choice = await vscode.window.showInformationMessage(`Thread ${finish.thread} completed at step ${finish.step}.`, showOutput);
      if (choice === showOutput) output.show(true);
      return;
    }
    case "cancelled": {
      const choice = await vscode.window.showInformationMessage(`Thread ${finish.thread} was cancelled at step ${finish.step}; its last checkpoint is kept.`, resume);
      if (choice === resume) await vscode.commands.executeCommand("durableGraphs.resumeThread", finish.thread);
      return;
    }
    case "crashed": {
      const text = finish.rehearsed
        ? `Thread ${finish.thread}: the runner was killed after step ${finish.step}, as asked. The thread is interrupted at its last checkpoint.`
        : `Thread ${finish.thread}: the runner process stopped unexpectedly (${finish.error?.message ?? "no reason given"}). The thread is interrupted at its last checkpoint.`;
      const choice = await (finish.rehearsed ? vscode.window.showInformationMessage(text, resume) : vscode.window.showWarningMessage(text, resume, showOutput));
      if (choice === resume) await vscode.commands.executeCommand("durableGraphs.resumeThread", finish.thread);
      if (choice === showOutput) output.show(true);
      return;
    }
    case "failed": {
      const error = finish.error;
      const openLine = "Open Failing Line";
      const actions = error?.file && error.line ? [openLine, showOutput] : [showOutput];
      const where = error?.node ? ` in node ${error.node}` : "";
      const choice = await vscode.window.showErrorMessage(`Thread ${finish.thread} failed${where}: ${error?.message ?? "unknown error"}`, ...actions);
      if (choice === showOutput) output.show(true);
      if (choice === openLine && error?.file && error.line) {
        const position = new vscode.Position(error.line - 1, Math.max(0, (error.column ?? 1) - 1));
        await vscode.window.showTextDocument(vscode.Uri.file(error.file), { selection: new vscode.Range(position, position) });
      }
      return;
    }
  }
}
