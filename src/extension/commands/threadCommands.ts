import { forkAt } from "./forkAt";
import * as vscode from "vscode";
import { announceFinish } from "../runs/announceFinish";
import { pickCheckpointStep, pickThread } from "../pickers";
import { pickRunningThread } from "../runningPicker";
import type { Services } from "../services";
import type { CheckpointNode } from "../tree/treeNodes";
import { requireTrust } from "../trust";

const RESUMABLE = new Set(["interrupted", "failed", "cancelled"]);

/** Resume Thread: continues from the last checkpoint; finished steps do not run again. */
export async function resumeThread(services: Services, arg?: unknown): Promise<unknown> {
  if (!(await requireTrust("resume a thread"))) return undefined;
  const ref = await pickThread(services.stores, arg, "Resume Thread", (t) => RESUMABLE.has(t.status));
  if (!ref) return undefined;
  if (ref.info.status === "waiting") {
    // Resuming without an answer would only be refused (it would ask again): answer it instead.
    return vscode.commands.executeCommand("durableGraphs.answerQuestion", ref.info.id);
  }
  if (ref.info.status === "running") {
    void vscode.window.showWarningMessage(`Thread ${ref.info.id} is running${ref.info.owner ? ` in process ${ref.info.owner.pid}` : ""}.`);
    return undefined;
  }
  try {
    const finish = await services.runs.start({ entry: ref.entry, thread: ref.info.id, mode: "resume" });
    void announceFinish(finish, services.output);
    return finish;
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
}

/** Reset Thread: deletes its checkpoints, after a confirmation. */
export async function resetThread(services: Services, arg?: unknown, options?: { confirmed?: boolean }): Promise<boolean> {
  const ref = await pickThread(services.stores, arg, "Reset Thread", (t) => t.status !== "running");
  if (!ref) return false;
  if (!options?.confirmed) {
    const reset = "Reset";
    const choice = await vscode.window.showWarningMessage(
      `Reset thread ${ref.info.id}? Its ${ref.info.step} checkpoint${ref.info.step === 1 ? "" : "s"} will be deleted; the next run starts it over.`,
      { modal: true },
      reset,
    );
    if (choice !== reset) return false;
  }
  try {
    await ref.entry.store.delete(ref.info.id);
    services.output.appendLine(`[${ref.info.id}] reset: its checkpoints are deleted`);
    services.tree.refresh();
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot reset ${ref.info.id}: ${(error as Error).message}`);
    return false;
  }
}

/** Cancel Run: this window's run is asked to stop; a run of another process gets SIGINT (as Ctrl-C). */
export async function cancelRun(services: Services, arg?: unknown): Promise<boolean> {
  const ref = await pickRunningThread(services, arg);
  if (!ref) return false;
  if (services.runs.cancel(ref.entry, ref.thread)) return true;
  const owner = ref.owner;
  if (!owner) {
    void vscode.window.showInformationMessage(`Thread ${ref.thread} is not running.`);
    return false;
  }
  const stop = "Stop It";
  const choice = await vscode.window.showWarningMessage(`Thread ${ref.thread} is running in another process (${owner.pid}). Stop it? It keeps its last checkpoint.`, { modal: true }, stop);
  if (choice !== stop) return false;
  try {
    process.kill(owner.pid, "SIGINT");
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot stop process ${owner.pid}: ${(error as Error).message}`);
    return false;
  }
}

/** Fork from Checkpoint: a new thread that starts from a thread's state at a step. */
export async function forkFromCheckpoint(services: Services, arg?: unknown, options?: { newId?: string }): Promise<string | undefined> {
  let entry;
  let thread: string;
  let step: number;
  const node = arg as CheckpointNode | undefined;
  if (node?.kind === "checkpoint") {
    entry = node.entry;
    thread = node.thread;
    step = node.step;
  } else {
    const ref = await pickThread(services.stores, arg, "Fork from Checkpoint", () => true);
    if (!ref) return undefined;
    entry = ref.entry;
    thread = ref.info.id;
    const picked = await pickCheckpointStep(entry, thread, "Fork from Checkpoint", `Fork ${thread} at which step?`);
    if (picked === undefined) return undefined;
    step = picked;
  }
  const newId =
    options?.newId ??
    (await vscode.window.showInputBox({ title: "Fork from Checkpoint", prompt: `New thread id (starts from ${thread} at step ${step})`, value: `${thread}-fork-${step}` }));
  if (!newId) return undefined;
  try {
    const info = await forkAt(services, entry, thread, step, newId);
    services.tree.refresh();
    services.output.appendLine(`[${newId}] forked from ${thread} at step ${step}`);
    if (!options?.newId) {
      const resume = "Resume It";
      void vscode.window.showInformationMessage(`Forked ${thread} at step ${step} into ${info.id}.`, resume).then((c) => {
        if (c === resume) void vscode.commands.executeCommand("durableGraphs.resumeThread", info.id);
      });
    }
    return info.id;
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot fork ${thread}: ${(error as Error).message}`);
    return undefined;
  }
}
