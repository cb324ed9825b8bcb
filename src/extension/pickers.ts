import * as vscode from "vscode";
import { validateId } from "../core/ids";
import type { ThreadInfo } from "../core/store/checkpointStore";
import { GRAPH_FILE_PATTERN, GRAPH_GLOB } from "./settings";
import { describeThread } from "./tree/treeItems";
import type { FolderStore, WorkspaceStores } from "./workspaceStores";

/** The graph file a command acts on: its argument, else the active editor's file, else a pick titled by the command. */
export async function pickGraphFile(arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (!arg && active && GRAPH_FILE_PATTERN.test(active.path)) return active;
  const files = await vscode.workspace.findFiles(GRAPH_GLOB, "**/node_modules/**", 5000);
  if (files.length === 0) {
    void vscode.window.showInformationMessage("There is no graph file (*.graph.ts, .mts, .js, .mjs) in this workspace.", "Create Example Graph").then((c) => {
      if (c) void vscode.commands.executeCommand("durableGraphs.createExample");
    });
    return undefined;
  }
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { title, placeHolder: "Pick a graph file" },
  );
  return picked?.uri;
}

/** Asks for a new thread id, proposing one that is free; validated as the store requires. */
export async function askThreadId(entry: FolderStore, base: string, title: string): Promise<string | undefined> {
  const taken = new Set((await entry.store.listThreads()).map((t) => t.id));
  const stem = base.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[^A-Za-z0-9]+/, "") || "thread";
  let proposal = stem;
  for (let n = 2; taken.has(proposal); n++) proposal = `${stem}-${n}`;
  return vscode.window.showInputBox({
    title,
    prompt: "Thread id: an unfinished thread of that id is resumed",
    value: proposal,
    validateInput: (value) => {
      try {
        validateId(value);
        return taken.has(value) ? { message: `thread ${value} exists: it will be resumed if unfinished`, severity: vscode.InputBoxValidationSeverity.Info } : undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
}

/** Optional JSON input for a new thread; undefined when cancelled, null when left empty. */
export async function askInput(title: string): Promise<{ value?: unknown } | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: "Input (optional): a JSON object of state keys; leave empty for the schema's defaults",
    placeHolder: '{"topic": "durable execution"}',
    validateInput: (value) => {
      if (!value.trim()) return undefined;
      try {
        const parsed = JSON.parse(value) as unknown;
        return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? undefined : "the input must be a JSON object";
      } catch (error) {
        return `not valid JSON: ${(error as Error).message}`;
      }
    },
  });
  if (text === undefined) return undefined;
  return text.trim() ? { value: JSON.parse(text) as unknown } : {};
}

export interface ThreadRef {
  entry: FolderStore;
  info: ThreadInfo;
}

/** The thread a command acts on: its tree item, or a pick among threads `filter` accepts. */
export async function pickThread(stores: WorkspaceStores, arg: unknown, title: string, filter: (t: ThreadInfo) => boolean): Promise<ThreadRef | undefined> {
  const fromArg = arg as { kind?: string; entry?: FolderStore; info?: ThreadInfo; thread?: string } | undefined;
  if (fromArg?.kind === "thread" && fromArg.entry && fromArg.info) return { entry: fromArg.entry, info: fromArg.info };
  const all: ThreadRef[] = [];
  for (const entry of stores.all()) for (const info of await entry.store.listThreads()) all.push({ entry, info });
  if (typeof arg === "string") {
    const named = all.find((t) => t.info.id === arg);
    if (named) return named;
  }
  const candidates = all.filter((t) => filter(t.info));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`${title}: no thread to act on.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: t.info.id, description: describeThread(t.info), detail: t.info.graph, ref: t })),
    { title, placeHolder: "Pick a thread", matchOnDescription: true },
  );
  return picked?.ref;
}

/** A committed step of a thread, newest first (the last one preselected): Show Checkpoint's and Fork's second question. */
export async function pickCheckpointStep(entry: FolderStore, thread: string, title: string, placeHolder: string): Promise<number | undefined> {
  const checkpoints = await entry.store.checkpoints(thread);
  const picked = await vscode.window.showQuickPick(
    checkpoints.reverse().map((c) => ({ label: `step ${c.step}`, description: c.nodes.filter((n) => n !== "__start__").join(", ") || "input", step: c.step })),
    { title, placeHolder },
  );
  return picked?.step;
}
