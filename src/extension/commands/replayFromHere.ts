import * as vscode from "vscode";
import { freeThreadId, pickCheckpointTarget } from "../checkpointTarget";
import { forkAt } from "./forkAt";
import { announceFinish } from "../runs/announceFinish";
import type { RunFinish } from "../runs/runManager";
import type { Services } from "../services";
import { requireTrust } from "../trust";

/**
 * Replay from Here: forks the thread at a step and runs the fork at once, through the same run
 * machinery as Resume; its panel opens on it and can compare it with its origin step by step.
 */
export async function replayFromHere(services: Services, arg?: unknown): Promise<RunFinish | undefined> {
  if (!(await requireTrust("replay a thread"))) return undefined;
  const target = await pickCheckpointTarget(services, arg, "Replay from Here", (t) => `Replay ${t} from which step?`);
  if (!target) return undefined;
  const { entry, thread, step } = target;
  let replay: string;
  try {
    replay = (await forkAt(services, entry, thread, step, await freeThreadId(entry, `${thread}-replay-${step}`))).id;
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot replay ${thread} from step ${step}: ${(error as Error).message}`);
    return undefined;
  }
  services.output.appendLine(`[${replay}] forked from ${thread} at step ${step} to replay it`);
  services.tree.refresh();
  await vscode.commands.executeCommand("durableGraphs.openRunPanel", replay);
  try {
    const finish = await services.runs.start({ entry, thread: replay, mode: "resume" });
    void announceFinish(finish, services.output);
    return finish;
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
}
