/**
 * Names the editor knows the extension by (package.json contributes them), in a module that loads
 * nothing: activate() registers its commands, serializer and documents with these before the rest of
 * the extension is loaded.
 */
export const RUN_PANEL_VIEW_TYPE = "durableGraphs.runPanel";
export const CHECKPOINT_SCHEME = "durable-graphs-checkpoint";
/** Editable copies of a checkpoint's state: saving one forks the thread with the edit (Edit State at Checkpoint…). */
export const EDIT_SCHEME = "durable-graphs-edit";
export const COMMAND_IDS = [
  "durableGraphs.runGraph",
  "durableGraphs.runAndCrash",
  "durableGraphs.resumeThread",
  "durableGraphs.resetThread",
  "durableGraphs.cancelRun",
  "durableGraphs.forkFromCheckpoint",
  "durableGraphs.showCheckpoint",
  "durableGraphs.openRunPanel",
  "durableGraphs.refresh",
  "durableGraphs.createExample",
  "durableGraphs.showOutput",
  "durableGraphs.editStateAtCheckpoint",
  "durableGraphs.replayFromHere",
  "durableGraphs.answerQuestion",
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];
export const GRAPH_FILE_SELECTOR = [
  { scheme: "file", pattern: "**/*.graph.ts" },
  { scheme: "file", pattern: "**/*.graph.mts" },
  { scheme: "file", pattern: "**/*.graph.js" },
  { scheme: "file", pattern: "**/*.graph.mjs" },
];
