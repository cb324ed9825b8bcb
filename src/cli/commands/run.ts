import { captureConsole } from "../../core/executor/logCapture";
import type { RunEvent } from "../../core/protocol/runEvents";
import { runGraphThread, type RunRequest } from "../../runner/runGraphThread";
import type { AnswerInput } from "../../runner/answerChoice";
import type { CliContext } from "../cliContext";
import { EXIT, exitCodeFor } from "../exitCodes";
import { batchStdout } from "../batchedStdout";
import { eventRenderer } from "../renderEvents";
import { bold, dim, green } from "../terminal";

export interface RunArgs {
  mode: "run" | "resume";
  thread: string;
  file?: string;
  input?: unknown;
  fresh?: boolean;
  force?: boolean;
  acceptChanges?: boolean;
  stepLimit?: number;
  crashAt?: string;
  answer?: AnswerInput;
}

/**
 * `run` and `resume`: the graph runs in this process (as in the seed, a node that exits the process
 * ends the command). Ctrl-C cancels cleanly: the last checkpoint stays and `resume` continues.
 */
export async function runCommand(ctx: CliContext, args: RunArgs): Promise<number> {
  captureConsole();
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const onEvent = ctx.json ? (event: RunEvent) => ctx.emit(event) : eventRenderer(ctx.print);
  // A few lines a step, written in batches (see batchedStdout.ts); anything written to stderr, the
  // process exiting or a rehearsed crash sends what waits first.
  const output = batchStdout();
  try {
    const crashAt = args.crashAt ?? process.env.DURABLE_GRAPHS_CRASH_AT;
    const request: RunRequest = {
      store: ctx.store,
      workspace: ctx.workspace,
      thread: args.thread,
      mode: args.mode,
      signal: controller.signal,
      onEvent,
      ...(args.file ? { file: args.file } : {}),
      ...(args.input === undefined ? {} : { input: args.input }),
      ...(args.fresh ? { fresh: true } : {}),
      ...(args.force ? { force: true } : {}),
      ...(args.acceptChanges ? { acceptChanges: true } : {}),
      ...(args.stepLimit ? { stepLimit: args.stepLimit } : {}),
      ...(crashAt ? { crashAt, beforeCrash: output.flush } : {}),
      ...(args.answer ? { answer: args.answer } : {}),
    };
    const outcome = await runGraphThread(request);
    if (outcome.alreadyFinished) {
      if (ctx.json) ctx.emit({ type: "done", step: outcome.step, state: outcome.state, alreadyFinished: true });
      else {
        ctx.print(`${green("✔")} thread ${bold(outcome.thread)} already completed at step ${outcome.step}; nothing to run ${dim("(--fresh starts it over)")}`);
        ctx.print(JSON.stringify(outcome.state, null, 2));
      }
      return EXIT.ok;
    }
    if (outcome.status === "completed") return EXIT.ok;
    if (outcome.status === "cancelled") return EXIT.cancelled;
    if (outcome.status === "waiting") return EXIT.waiting;
    return outcome.error ? exitCodeFor(outcome.error.code) : EXIT.runFailed;
  } finally {
    output.restore();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
