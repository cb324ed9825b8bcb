import * as vscode from "vscode";

/** The extension's settings (package.json `contributes.configuration`). */
export interface Settings {
  /** The store folder, relative to the workspace folder. */
  storeDirectory: string;
  /** Offer to resume the runs a window reload interrupted. */
  offerResumeAfterReload: boolean;
  /** Sync every commit to disk (power-loss safe). */
  fsync: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration("durableGraphs", scope);
  return {
    storeDirectory: config.get<string>("storeDirectory", ".durable") || ".durable",
    offerResumeAfterReload: config.get<boolean>("offerResumeAfterReload", true),
    fsync: config.get<boolean>("fsync", false),
  };
}

export const GRAPH_GLOB = "**/*.graph.{ts,mts,js,mjs}";
export const GRAPH_FILE_PATTERN = /\.graph\.(ts|mts|js|mjs)$/;
