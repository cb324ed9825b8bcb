import * as vscode from "vscode";
import { panelState } from "../../core/protocol/panelMessages";
import type { Services } from "../services";
import type { FolderStore } from "../workspaceStores";
import { PanelPage, panelOptions } from "./panelHtml";
import { RUN_PANEL_VIEW_TYPE, RunPanel } from "./runPanel";

/**
 * The open run panels, one per thread: `show` reveals a thread's panel or opens it; after a reload
 * VS Code hands back the panels it restores (`revive`), with the state their webview saved.
 */
export class RunPanels implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, RunPanel>();
  private readonly extensionUri: vscode.Uri;
  private readonly page: PanelPage;

  constructor(private readonly services: Services) {
    this.extensionUri = vscode.Uri.file(services.extensionPath);
    this.page = new PanelPage(this.extensionUri);
  }

  show(entry: FolderStore, thread: string): RunPanel {
    const existing = this.panels.get(key(entry.folder.uri.toString(), thread));
    if (existing) {
      existing.reveal();
      return existing;
    }
    // The panel's own options (the find widget) count only when given here; VS Code keeps them for a
    // panel it restores after a reload.
    const panel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, `Run: ${thread}`, vscode.ViewColumn.Active, panelOptions(this.extensionUri));
    return this.adopt(panel, entry, thread);
  }

  get(folder: string, thread: string): RunPanel | undefined {
    return this.panels.get(key(folder, thread));
  }

  all(): RunPanel[] {
    return [...this.panels.values()];
  }

  /** Restores a panel after Reload Window from the state its webview saved (checked like any message). */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = panelState.safeParse(state);
    const entry = parsed.success ? (this.services.stores.forFolder(parsed.data.folder) ?? undefined) : undefined;
    if (!parsed.success || !entry || this.panels.has(key(entry.folder.uri.toString(), parsed.data.thread))) {
      // Nothing to show it for (another folder is open now, or the state is unreadable).
      panel.dispose();
      return;
    }
    this.adopt(panel, entry, parsed.data.thread);
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }

  private adopt(panel: vscode.WebviewPanel, entry: FolderStore, thread: string): RunPanel {
    const id = key(entry.folder.uri.toString(), thread);
    const runPanel = new RunPanel(panel, entry, thread, this.services, this.page);
    this.panels.set(id, runPanel);
    runPanel.onDidDispose(() => this.panels.get(id) === runPanel && this.panels.delete(id));
    return runPanel;
  }
}

function key(folder: string, thread: string): string {
  return `${folder}\n${thread}`;
}
