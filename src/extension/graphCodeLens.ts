import * as vscode from "vscode";

/** "Run Graph", "Run and Crash After Node…" and "Open Run Panel" above a graph file's default export. */
export class GraphCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    const match = /^\s*export\s+default\b/m.exec(text);
    const position = document.positionAt(match ? match.index + match[0].length - match[0].trimStart().length : 0);
    const range = new vscode.Range(position.line, 0, position.line, 0);
    return [
      new vscode.CodeLens(range, { title: "$(play) Run Graph", command: "durableGraphs.runGraph", arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: "$(debug-disconnect) Run and Crash After Node…", command: "durableGraphs.runAndCrash", arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: "$(notebook) Open Run Panel", command: "durableGraphs.openRunPanel", arguments: [document.uri] }),
    ];
  }
}
