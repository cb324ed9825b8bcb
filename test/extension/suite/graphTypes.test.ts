import * as assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import { EXTENSION_ID, workspaceFolder } from "./api";

/** What the Problems view lists for a file (hints, such as an unused parameter's fading, are not listed). */
function problems(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint)
    .map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

/** Resolves with the file's problems once `settled(problems)` holds, as VS Code reports them (no polling). */
function problemsWhen(uri: vscode.Uri, settled: (problems: string[]) => boolean, what: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const now = problems(uri);
      if (!settled(now)) return false;
      done();
      resolve(now);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what}: not within 90 s; the file's problems: ${JSON.stringify(problems(uri))}`));
    }, 90_000);
    const done = () => {
      subscription.dispose();
      clearTimeout(timer);
    };
    check();
  });
}

function positionOf(document: vscode.TextDocument, text: string, after = ""): vscode.Position {
  const from = document.getText().indexOf(after);
  const at = document.getText().indexOf(text, from);
  assert.ok(from >= 0 && at >= 0, `"${text}" after "${after}" is in ${document.fileName}`);
  return document.positionAt(at);
}

describe("types for graph files without npm install (the TS server plugin)", function () {
  this.timeout(240_000);

  it("the example Create Example Graph writes shows 0 problems; a type error introduced into it is reported", async () => {
    const folder = workspaceFolder().uri.fsPath;
    for (let dir = folder; ; dir = dirname(dir)) {
      assert.equal(existsSync(join(dir, "node_modules")), false, `no node_modules in ${dir}: a workspace without npm install`);
      if (dirname(dir) === dir) break;
    }
    // Where the packaged extension has the plugin (VS Code's TypeScript loads it from there).
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(existsSync(join(extension.extensionPath, "node_modules", "durable-graphs-ts-plugin", "index.js")), "the plugin is built (node esbuild.js)");

    const uri = await vscode.commands.executeCommand<vscode.Uri>("durableGraphs.createExample");
    assert.ok(uri, "the example was written");
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    // A type only the SDK's and zod's real declarations know of: once TypeScript reports it, it has
    // checked this version of the file, and every other problem it found is listed with it.
    const end = document.lineAt(document.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, end, "\nexport const wrong = State.shape.steps.nonsense;\n");
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const withError = await problemsWhen(uri, (p) => p.some((m) => m.includes("nonsense")), "the introduced type error is reported");
    assert.equal(withError.length, 1, withError.join("\n"));
    assert.match(withError[0]!, /^\d+: Property 'nonsense' does not exist on type 'ZodDefault<ZodArray<ZodString>>'/);

    const undo = new vscode.WorkspaceEdit();
    undo.delete(uri, new vscode.Range(end, document.lineAt(document.lineCount - 1).range.end));
    assert.equal(await vscode.workspace.applyEdit(undo), true);
    const settled = await problemsWhen(uri, (p) => !p.some((m) => m.includes("nonsense")), "the type error is gone");
    assert.deepEqual(settled, [], "the example shows 0 problems");
    assert.equal(await document.save(), true);

    // Hover and completion come from the same declarations.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, positionOf(document, "StateGraph", "export default"));
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    assert.match(hover, /new StateGraph<z\.ZodObject<\{/, hover);
    const dot = positionOf(document, "z.array", "const State").translate(0, 2);
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", uri, dot);
    const names = completions.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    assert.ok(names.includes("object") && names.includes("string"), names.slice(0, 30).join(", "));
    const processHover = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, positionOf(document, "process.env"));
    assert.match(processHover.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n"), /NodeJS\.Process/);
  });
});
