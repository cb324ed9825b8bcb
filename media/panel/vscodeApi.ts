import { fromPanel, panelState, type FromPanel, type PanelState } from "../../src/core/protocol/panelMessages";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

/** Sends a message to the extension, checked against the protocol first. */
export function send(message: FromPanel): void {
  api.postMessage(fromPanel.parse(message));
}

/** The state saved with the webview (restored after a reload), or undefined when none is readable. */
export function savedState(): PanelState | undefined {
  const parsed = panelState.safeParse(api.getState());
  return parsed.success ? parsed.data : undefined;
}

export function saveState(state: PanelState): void {
  api.setState(state);
}
