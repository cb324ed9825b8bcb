import * as vscode from "vscode";

/**
 * "Run Graph", "Run and Crash After Node…" and "Open Run Panel" above a graph file's default export.
 * In Restricted Mode running would be refused (it runs the workspace's code), so the run lenses give
 * way to one that says so and opens Workspace Trust; they come back when the workspace is trusted.
 */
export class GraphCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    const match = /^\s*export\s+default\b/m.exec(text);
    const position = document.positionAt(match ? match.index + match[0].length - match[0].trimStart().length : 0);
    const range = new vscode.Range(position.line, 0, position.line, 0);
    const panel = new vscode.CodeLens(range, { title: "$(notebook) Open Run Panel", command: "durableGraphs.openRunPanel", arguments: [document.uri] });
    if (!vscode.workspace.isTrusted) {
      return [
        new vscode.CodeLens(range, {
          title: "$(workspace-untrusted) Restricted Mode: trust this workspace to run the graph",
          tooltip: "Running a graph runs this workspace's code. Its threads can still be viewed.",
          command: "workbench.trust.manage",
        }),
        panel,
      ];
    }
    return [
      new vscode.CodeLens(range, { title: "$(play) Run Graph", command: "durableGraphs.runGraph", arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: "$(debug-disconnect) Run and Crash After Node…", command: "durableGraphs.runAndCrash", arguments: [document.uri] }),
      panel,
    ];
  }

  dispose(): void {
    this.trust.dispose();
    this.changed.dispose();
  }
}
