import type * as vscode from "vscode";
import type { RunManager } from "./runs/runManager";
import type { GraphDrifts } from "./tree/graphDrifts";
import type { ThreadsTree } from "./tree/threadsTree";
import type { WorkspaceStores } from "./workspaceStores";

/** What the commands work with, built once by `activate` and passed in. */
export interface Services {
  extensionPath: string;
  stores: WorkspaceStores;
  runs: RunManager;
  tree: ThreadsTree;
  output: vscode.OutputChannel;
  /** Which unfinished threads' graphs changed since their last run. */
  drifts?: GraphDrifts;
}
