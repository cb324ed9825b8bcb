import { basename } from "node:path";
import * as vscode from "vscode";
import { GRAPH_FILE_PATTERN } from "../settings";
import { announceFinish } from "../runs/announceFinish";
import { describeGraph } from "../runs/runnerProcess";
import { askInput, askThreadId, pickGraphFile } from "../pickers";
import type { Services } from "../services";
import { requireTrust } from "../trust";

/** Arguments a test or another command may pass to skip the prompts. */
export interface RunGraphArgs {
  file?: vscode.Uri;
  thread?: string;
  input?: unknown;
  /** Run and Crash After Node: the node after whose commit the runner kills itself. */
  crashAfter?: string;
}

/** Run Graph: from an editor, the explorer, a CodeLens or the palette. Resolves when the run ends. */
export async function runGraph(services: Services, arg?: vscode.Uri | RunGraphArgs): Promise<unknown> {
  if (!(await requireTrust("run a graph"))) return undefined;
  const args: RunGraphArgs = arg instanceof vscode.Uri ? { file: arg } : (arg ?? {});
  const file = await pickGraphFile(args.file, "Run Graph");
  if (!file) return undefined;
  return startRun(services, file, args, "Run Graph");
}

/** Run and Crash After Node…: pick a node; the runner SIGKILLs itself right after its checkpoint. */
export async function runAndCrash(services: Services, arg?: vscode.Uri | RunGraphArgs): Promise<unknown> {
  if (!(await requireTrust("run a graph"))) return undefined;
  const args: RunGraphArgs = arg instanceof vscode.Uri ? { file: arg } : (arg ?? {});
  const file = await pickGraphFile(args.file, "Run and Crash After Node…");
  if (!file) return undefined;
  let node = args.crashAfter;
  if (!node) {
    const entry = services.stores.forUri(file);
    let shape;
    try {
      shape = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "Loading graph…" }, () =>
        describeGraph(services.extensionPath, entry?.folder.uri.fsPath ?? process.cwd(), file.fsPath),
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot load ${vscode.workspace.asRelativePath(file)}: ${(error as Error).message}`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      shape.nodes.map((n) => ({ label: n, description: "kill the run right after this node's step is committed" })),
      { title: "Run and Crash After Node…", placeHolder: "Rehearse recovery: the run is killed (SIGKILL) after this node" },
    );
    if (!picked) return undefined;
    node = picked.label;
  }
  return startRun(services, file, { ...args, crashAfter: node }, "Run and Crash After Node…");
}

async function startRun(services: Services, file: vscode.Uri, args: RunGraphArgs, title: string): Promise<unknown> {
  const entry = services.stores.forUri(file);
  if (!entry) {
    void vscode.window.showErrorMessage("Open a folder to run graphs: threads are stored in the workspace folder.");
    return undefined;
  }
  const thread = args.thread ?? (await askThreadId(entry, basename(file.fsPath).replace(GRAPH_FILE_PATTERN, ""), title));
  if (!thread) return undefined;
  let input = args.input;
  if (args.thread === undefined && input === undefined) {
    const answer = await askInput(title);
    if (!answer) return undefined;
    input = answer.value;
  }
  services.output.appendLine(`[${thread}] ${title}: ${vscode.workspace.asRelativePath(file)}${args.crashAfter ? ` (crash after ${args.crashAfter})` : ""}`);
  try {
    const finish = await services.runs.start({
      entry,
      thread,
      mode: "run",
      file: services.stores.graphLabel(entry, file),
      ...(input === undefined ? {} : { input }),
      ...(args.crashAfter ? { crashAt: `after-commit:${args.crashAfter}` } : {}),
    });
    void announceFinish(finish, services.output);
    return finish;
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
}
