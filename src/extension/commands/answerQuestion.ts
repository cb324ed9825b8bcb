import * as vscode from "vscode";
import type { Question } from "../../core/store/checkpointStore";
import { answerProblem, answerPrompt, parseAnswerText } from "../answers/answerPrompt";
import { sendAnswer } from "../answers/sendAnswer";
import { pickThread } from "../pickers";
import type { Services } from "../services";
import { requireTrust } from "../trust";

const TITLE = "Answer…";

/** Arguments a test or the run panel may pass to skip the prompts. */
export interface AnswerOptions {
  /** The answer itself (no prompt). */
  answer?: { value: unknown };
  /** Which question, when the thread waits on several. */
  node?: string;
  index?: number;
}

/**
 * Answer…: picks a waiting thread (its row, an id, or a pick among the waiting ones), then one of its
 * open questions, asks for the answer (a quick pick for a yes/no or a choice, else an input box checked
 * against the schema as the user types), and resumes the thread with it. Resolves when that run ends.
 */
export async function answerQuestion(services: Services, arg?: unknown, options: AnswerOptions = {}): Promise<unknown> {
  if (!(await requireTrust("answer a question"))) return undefined;
  const ref = await pickThread(services.stores, arg, TITLE, (t) => t.status === "waiting");
  if (!ref) return undefined;
  // The row may be older than the thread: its questions are read again.
  const info = (await ref.entry.store.getThread(ref.info.id)) ?? ref.info;
  const open = info.questions ?? [];
  if (info.status !== "waiting" || open.length === 0) {
    void vscode.window.showInformationMessage(`Thread ${info.id} is not waiting for input (it is ${info.status}).`);
    return undefined;
  }
  const question = await pickQuestion(open, options);
  if (!question) return undefined;
  const value = options.answer ? options.answer.value : await askAnswer(info.id, question);
  if (value === undefined && !options.answer) return undefined;
  const outcome = await sendAnswer(services, { entry: ref.entry, thread: info.id, question }, value);
  if (!outcome.sent) {
    void vscode.window.showErrorMessage(`The answer to ${question.node} was not sent: ${outcome.error}`);
    return undefined;
  }
  return outcome.finish;
}

async function pickQuestion(open: Question[], options: AnswerOptions): Promise<Question | undefined> {
  const named = open.filter((q) => (options.node === undefined || q.node === options.node) && (options.index === undefined || q.index === options.index));
  if (named.length === 1 || (named.length > 0 && options.answer)) return named[0];
  if (named.length === 0) {
    void vscode.window.showInformationMessage(`Node ${options.node} asks nothing now.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    named.map((q) => ({ label: q.node, description: payloadText(q), detail: `step ${q.step}, asked ${new Date(q.at).toLocaleString()}`, q })),
    { title: TITLE, placeHolder: "Which question? (they are answered one at a time)" },
  );
  return picked?.q;
}

/** Asks for the answer, checked against the schema as it is typed; undefined when dismissed. */
async function askAnswer(thread: string, question: Question): Promise<unknown> {
  const prompt = answerPrompt(question.schema);
  const asks = `${thread}: ${question.node} asks ${payloadText(question)}`;
  if (prompt.kind === "pick") {
    const picked = await vscode.window.showQuickPick(prompt.items, { title: TITLE, placeHolder: asks });
    return picked?.value;
  }
  const text = await vscode.window.showInputBox({
    title: TITLE,
    prompt: `${asks}${prompt.parse === "json" ? " — answer as JSON" : ""}`,
    value: prompt.initial,
    ...(prompt.example ? { placeHolder: `e.g. ${prompt.example}` } : {}),
    ignoreFocusOut: true,
    validateInput: (typed) => {
      const parsed = parseAnswerText(typed, prompt.parse);
      if ("error" in parsed) return prompt.example && !typed.trim() ? `${parsed.error}, e.g. ${prompt.example}` : parsed.error;
      return answerProblem(question, parsed.value)?.message;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseAnswerText(text, prompt.parse);
  return "value" in parsed ? parsed.value : undefined;
}

function payloadText(q: Question): string {
  if (q.value === undefined) return "for an answer";
  const text = typeof q.value === "object" && q.value && typeof (q.value as { question?: unknown }).question === "string" ? (q.value as { question: string }).question : JSON.stringify(q.value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
