// First: it notes when the bundle started loading.
import { moduleStart } from "./activationClock";
import * as vscode from "vscode";
import { CHECKPOINT_SCHEME, COMMAND_IDS, GRAPH_FILE_SELECTOR, RUN_PANEL_VIEW_TYPE } from "./contributions";
import { GraphCodeLens } from "./graphCodeLens";
import { offerCliInTerminals } from "./terminalCli";
import type { DurableGraphsApi, Wiring } from "./wiring";

export type { DurableGraphsApi } from "./wiring";

/**
 * Registers what the editor asks for by name (commands, the panel serializer, checkpoint documents,
 * CodeLenses) and returns; the rest of the extension (the store, the protocols, the views) is loaded
 * right after, or at the first registration that needs it, whichever comes first. Loading it is most
 * of the extension's start-up cost (its schemas are built as it loads), so activation itself stays
 * short and holds up no other extension.
 */
export function activate(context: vscode.ExtensionContext): DurableGraphsApi {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel("Durable Graphs");
  let wiring: Wiring | undefined;
  const wired = (): Wiring => {
    if (!wiring) {
      const start = performance.now();
      // A require, not an import: the bundler keeps the module (and all it imports) unloaded until here.
      wiring = (require("./wiring") as typeof import("./wiring")).wire(context, output);
      output.appendLine(`loaded and wired in ${(performance.now() - start).toFixed(1)} ms (after activation)`);
    }
    return wiring;
  };
  // At once, not with the rest: a terminal opened before this applies lacks the CLI until relaunched.
  offerCliInTerminals(context);
  const soon = setTimeout(wired, 0);
  const codeLens = new GraphCodeLens();
  context.subscriptions.push(
    output,
    { dispose: () => clearTimeout(soon) },
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => wired().commands[id](...args))),
    vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, { deserializeWebviewPanel: (panel, state) => wired().panels.deserializeWebviewPanel(panel, state) }),
    vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, { provideTextDocumentContent: (uri) => wired().checkpoints.provideTextDocumentContent(uri) }),
    codeLens,
    vscode.languages.registerCodeLensProvider(GRAPH_FILE_SELECTOR, codeLens),
  );
  const api: DurableGraphsApi = {
    get services() {
      return wired().api.services;
    },
    get interruptedByReload() {
      return wired().api.interruptedByReload;
    },
  };
  const end = performance.now();
  // The editor prepares the extension's context between loading the module and calling activate():
  // that wait is the editor's, not the extension's, and is reported apart.
  const own = moduleEnd - moduleStart + (end - activateStart);
  output.appendLine(
    `activated in ${own.toFixed(1)} ms (the extension's own time: loading its module ${(moduleEnd - moduleStart).toFixed(1)} ms + activate() ${(end - activateStart).toFixed(1)} ms; the editor took ${(activateStart - moduleEnd).toFixed(1)} ms in between)`,
  );
  return api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; runners stop when their IPC channel closes.
}

/** The last statement of the module: everything it imports has been loaded. */
const moduleEnd = performance.now();
