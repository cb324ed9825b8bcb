import type { ThreadInfo } from "../../core/store/checkpointStore";
import type { FolderStore } from "../workspaceStores";

/** The kinds of rows in the Threads view: graph file → threads → checkpoints. */
export type TreeNode = GraphNode | ThreadNode | CheckpointNode | MoreNode;

export interface GraphNode {
  kind: "graph";
  entry: FolderStore;
  /** The graph file, relative to its folder. */
  label: string;
  exists: boolean;
  threads: ThreadInfo[];
}

export interface ThreadNode {
  kind: "thread";
  entry: FolderStore;
  info: ThreadInfo;
}

export interface CheckpointNode {
  kind: "checkpoint";
  entry: FolderStore;
  thread: string;
  step: number;
  nodes: string[];
  next: string[];
  changed: string[];
  at: number;
  /** A person's edit of the state made this step (who, which keys). */
  edit?: { by: string; keys: string[] };
}

export interface MoreNode {
  kind: "more";
  text: string;
}
