import * as vscode from "vscode";
import { clippedJson } from "../../core/clippedJson";
import type { Question } from "../../core/store/checkpointStore";
import { announceFinish } from "../runs/announceFinish";
import { refusedAnswer, refusedBeforeWriting } from "../runs/refusals";
import type { RunFinish } from "../runs/runManager";
import type { Services } from "../services";
import type { FolderStore } from "../workspaceStores";
import { answerProblem } from "./answerPrompt";

/** The question an answer is for. */
export interface AnswerTarget {
  entry: FolderStore;
  thread: string;
  question: Question;
}

/**
 * What became of an answer: sent (a run resumed the thread with it; `finish` says how that run ended),
 * or refused with nothing written — `error` says why, `path` names the field (empty: the whole answer).
 */
export type AnswerOutcome = { sent: true; finish: RunFinish } | { sent: false; error: string; path?: string };


/**
 * Answers a waiting thread's question: checks trust and the answer against the question's schema here
 * (no process is started for an answer that cannot fit), then resumes the thread with it through the
 * run machinery; the runner checks it again before writing. The run's end is announced as any run's;
 * a refusal is left to the caller to show where the answer was typed (the form, the input box).
 */
export async function sendAnswer(services: Services, target: AnswerTarget, value: unknown): Promise<AnswerOutcome> {
  const { entry, thread, question } = target;
  if (!vscode.workspace.isTrusted) {
    return { sent: false, error: "Restricted Mode: answering resumes the thread, which runs code from this workspace. Trust the workspace to answer." };
  }
  if (services.runs.isRunning(entry, thread)) return { sent: false, error: `Thread ${thread} is running in this window already.` };
  const problem = answerProblem(question, value);
  if (problem) return { sent: false, error: problem.message, path: problem.path };
  services.output.appendLine(`[${thread}] answering ${question.node}${question.index ? ` (question ${question.index + 1})` : ""}: ${clippedJson(value, 300)}`);
  let finish: RunFinish;
  try {
    finish = await services.runs.start({ entry, thread, mode: "resume", answer: { value, node: question.node, index: question.index } });
  } catch (error) {
    return { sent: false, error: (error as Error).message };
  }
  if (refusedAnswer(finish)) {
    const details = finish.error?.details ?? {};
    const issues = Array.isArray(details.issues) ? details.issues.filter((i): i is string => typeof i === "string") : [];
    return { sent: false, error: issues.length ? issues.join("; ") : finish.error!.message, ...(typeof details.path === "string" ? { path: details.path } : {}) };
  }
  void announceFinish(finish, services.output);
  // Refused for another reason (the graph changed, the thread is busy…): the answer was not journalled,
  // the question still waits; the notification says why and what to do, the form takes the answer again.
  if (refusedBeforeWriting(finish)) return { sent: false, error: `Not sent: ${finish.error!.message}` };
  return { sent: true, finish };
}
