// First: it decides how the schemas of the modules below are built (see runner/startupParsing.ts).
import "./startupSchemas";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { AnswerInput } from "../runner/answerChoice";
import { DurableError, isDurableError } from "../core/errors";
import { describeError } from "../runner/describeError";
import { cliContext } from "./cliContext";
import { forkCommand, resetCommand, verifyCommand } from "./commands/manage";
import { showCommand } from "./commands/show";
import { threadsCommand } from "./commands/threads";
import { keepYoungGenerationSmall } from "./streamingHeap";
import { EXIT, exitCodeFor } from "./exitCodes";
import { exitWhenFlushed } from "./output";
import { dim, red } from "./terminal";
import { asStoreFailure, isStoreFailure } from "./storeFailure";
import { hintFor, locationOf } from "./userMessage";

declare const DURABLE_GRAPHS_VERSION: string | undefined;
const VERSION = typeof DURABLE_GRAPHS_VERSION === "string" ? DURABLE_GRAPHS_VERSION : "dev";

const HELP = `durable-graphs — run graph workflows durably: every step is checkpointed, a crash resumes where it stopped

Usage:
  durable-graphs run <file> [--thread ID] [--input JSON] [--fresh] [--force] [--accept-changes]
                                       start a thread, or resume it if it is unfinished
  durable-graphs resume <thread> [--answer JSON | --answer-file FILE] [--node NAME] [--accept-changes]
                                       continue a thread from its last checkpoint; a thread waiting
                                       for input continues with the answer to its question; if the
                                       graph changed since its last run, --accept-changes runs what
                                       can run though the graph now routes elsewhere
  durable-graphs threads               list threads: id, graph, status, last node, steps, updated,
                                       the questions of threads waiting for input, and which
                                       unfinished threads' graphs changed since (and how)
  durable-graphs show <thread> [--state] [--at STEP]
                                       the step history, or the state at a step
  durable-graphs reset <thread>        delete a thread's checkpoints
  durable-graphs fork <thread> --at STEP [--thread NEW] [--set KEY=JSON ... | --state FILE | --migrate]
                                       a new thread starting from a checkpoint; --set (repeatable)
                                       or --state (a whole state as JSON) records your edit of the
                                       state as the fork's next step, checked against the schema;
                                       --migrate passes the state through the graph file's
                                       migrate(state, fromFingerprint)
  durable-graphs verify <thread>       check every record's checksum and sequence: clean (0),
                                       a torn tail the next run cuts (10), or damaged (5)

Options:
  --store DIR        the store (default: .durable in the current directory)
  --json             machine-readable output (run/resume: one JSON event per line)
  --fsync            sync every commit to disk (safe against power loss, slower)
  --step-limit N     most steps one run may take (default 10000)
  --crash-at POINT   rehearse recovery: SIGKILL at after-commit:NODE, after-node:NODE or before-commit:NODE
  -h, --help         this help          -v, --version      the version

Exit codes:
  0 ok · 1 run failed (resumable) · 2 bad usage or input, or a graph changed so that it no longer
  fits the thread (nothing written: the reason and the ways forward are printed) · 3 thread busy · 4 not found · 5 stored data damaged (thread quarantined)
  6 crash loop · 7 no space left on the store's disk · 8 store read-only or not permitted
  9 I/O error in the store (after 7, 8 or 9: fix the disk, then resume; nothing committed was lost)
  10 verify found a torn tail (the next run cuts it) · 11 stopped waiting for input (resume --answer)
  130 cancelled`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        thread: { type: "string", short: "t" },
        input: { type: "string", short: "i" },
        store: { type: "string" },
        json: { type: "boolean" },
        fresh: { type: "boolean" },
        force: { type: "boolean" },
        "accept-changes": { type: "boolean" },
        migrate: { type: "boolean" },
        fsync: { type: "boolean" },
        // `show --state` is a switch; `fork --state FILE` takes a file.
        state: commandOf(argv) === "fork" ? { type: "string" as const } : { type: "boolean" as const },
        at: { type: "string" },
        set: { type: "string", multiple: true },
        "step-limit": { type: "string" },
        "crash-at": { type: "string" },
        answer: { type: "string" },
        "answer-file": { type: "string" },
        node: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    return usageError(parseErrorMessage(error as Error), argv.includes("--json"));
  }
  const { values, positionals } = parsed;
  const [command, target, ...extra] = positionals;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (values.help || !command || command === "help") {
    process.stdout.write(`${HELP}\n`);
    return command || values.help ? EXIT.ok : EXIT.usage;
  }
  const json = values.json === true;
  if (extra.length) return usageError(`unexpected argument "${extra[0]}"`, json);
  // The thread the command is about, for hints ("resume <thread>").
  const thread = command === "run" ? values.thread ?? (target ? defaultThreadId(target) : undefined) : target;
  try {
    const ctx = cliContext(values);
    switch (command) {
      case "run": {
        if (!target) return usageError("run needs a graph file: durable-graphs run <file> [--thread ID]", json);
        return await (await runCommandModule()).runCommand(ctx, {
          mode: "run",
          file: target,
          thread: values.thread ?? defaultThreadId(target),
          ...(values.input === undefined ? {} : { input: parseInput(values.input) }),
          ...(values.fresh ? { fresh: true } : {}),
          ...(values.force ? { force: true } : {}),
          ...(values["accept-changes"] ? { acceptChanges: true } : {}),
          ...stepLimit(values["step-limit"]),
          ...(values["crash-at"] ? { crashAt: values["crash-at"] } : {}),
          ...answerArgs(values),
        });
      }
      case "resume":
        if (!target) return usageError("resume needs a thread id: durable-graphs resume <thread>", json);
        return await (await runCommandModule()).runCommand(ctx, {
          mode: "resume",
          thread: target,
          force: true,
          ...(values["accept-changes"] ? { acceptChanges: true } : {}),
          ...stepLimit(values["step-limit"]),
          ...(values["crash-at"] ? { crashAt: values["crash-at"] } : {}),
          ...answerArgs(values),
        });
      case "threads":
        keepYoungGenerationSmall();
        return await threadsCommand(ctx);
      case "show":
        if (!target) return usageError("show needs a thread id: durable-graphs show <thread>", json);
        keepYoungGenerationSmall();
        return await showCommand(ctx, { thread: target, ...(values.state ? { state: true } : {}), ...(values.at === undefined ? {} : { at: parseStep(values.at) }) });
      case "reset":
        if (!target) return usageError("reset needs a thread id: durable-graphs reset <thread>", json);
        return await resetCommand(ctx, target);
      case "fork":
        if (!target) return usageError("fork needs a thread id: durable-graphs fork <thread> --at <step>", json);
        return await forkCommand(ctx, target, values.at === undefined ? undefined : parseStep(values.at), values.thread, {
          ...(values.set ? { set: values.set } : {}),
          ...(typeof values.state === "string" ? { stateFile: values.state } : {}),
          ...(values.migrate ? { migrate: true } : {}),
        });
      case "verify":
        if (!target) return usageError("verify needs a thread id: durable-graphs verify <thread>", json);
        return await verifyCommand(ctx, target);
      default:
        return usageError(`unknown command "${command}"`, json);
    }
  } catch (error) {
    return reportError(error, json, thread);
  }
}

/** The command word, read leniently before the real parse (whose options depend on it). */
function commandOf(argv: string[]): string | undefined {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: false, options: { store: { type: "string" }, at: { type: "string" }, thread: { type: "string", short: "t" }, input: { type: "string", short: "i" } } }).positionals[0];
  } catch {
    return undefined;
  }
}

/**
 * `run`/`resume` load graphs with esbuild and the executor; the reading commands (`show`, `threads`)
 * do not, and leaving them unloaded keeps those commands' memory small.
 */
function runCommandModule(): Promise<typeof import("./commands/run")> {
  return import("./commands/run");
}

/** The thread id `run` uses when none is given: the graph file's name. */
function defaultThreadId(file: string): string {
  const base = file.split(/[\\/]/).pop()!.replace(/\.graph\.[cm]?[jt]s$|\.[cm]?[jt]s$/, "");
  return base.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[^A-Za-z0-9]+/, "") || "thread";
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DurableError("INPUT_INVALID", `--input is not valid JSON: ${(error as Error).message}`, {});
  }
}

/** `--answer JSON` or `--answer-file FILE` (`-` reads stdin), and `--node NAME` for which question. */
function answerArgs(values: { answer?: string; "answer-file"?: string; node?: string }): { answer?: AnswerInput } {
  if (values.answer !== undefined && values["answer-file"] !== undefined) throw new DurableError("INVALID_ARGUMENT", "give --answer or --answer-file, not both", {});
  if (values.answer === undefined && values["answer-file"] === undefined) {
    if (values.node !== undefined) throw new DurableError("INVALID_ARGUMENT", "--node picks the question an --answer is for; give the answer too", {});
    return {};
  }
  const file = values["answer-file"];
  let text: string;
  let what = "--answer";
  if (file !== undefined) {
    what = `--answer-file ${file}`;
    try {
      text = readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (error) {
      throw new DurableError("INVALID_ARGUMENT", `cannot read ${what}: ${(error as Error).message}`, { path: file });
    }
  } else text = values.answer!;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DurableError("ANSWER_INVALID", `${what} is not valid JSON: ${(error as Error).message} (a string answer needs its quotes: '"yes"')`, {});
  }
  return { answer: { value, ...(values.node === undefined ? {} : { node: values.node }) } };
}

function parseStep(text: string): number {
  const step = Number(text);
  if (!Number.isInteger(step) || step < 0) throw new DurableError("INVALID_ARGUMENT", `--at takes a step number (0 or more), not "${text}"`, {});
  return step;
}

function stepLimit(text: string | undefined): { stepLimit?: number } {
  if (text === undefined) return {};
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1) throw new DurableError("INVALID_ARGUMENT", `--step-limit takes a positive whole number, not "${text}"`, {});
  return { stepLimit: limit };
}

function usageError(message: string, json = false): number {
  if (json) process.stdout.write(`${JSON.stringify({ type: "error", error: { code: "INVALID_ARGUMENT", message } })}\n`);
  else process.stderr.write(`durable-graphs: ${message}\n${dim("run durable-graphs --help for usage")}\n`);
  return EXIT.usage;
}

/** node:util's parser messages, in the words of this CLI. */
function parseErrorMessage(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  const option = /'(-[^' ]*)/.exec(error.message)?.[1];
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && /ambiguous/.test(error.message)) {
    return `the value of ${option ?? "an option"} starts with "-": write it as ${option ?? "--option"}=VALUE`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return `${option ?? "an option"} needs a value`;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option ?? ""}`.trim();
  return error.message.split("\n")[0]!;
}

/** One clear line and what to do about it; a stack only for a bug of ours (DURABLE_GRAPHS_DEBUG shows all). */
function reportError(error: unknown, json: boolean, thread: string | undefined): number {
  const payload = asStoreFailure(describeError(error), error);
  const ours = isDurableError(error) || isStoreFailure(payload.code);
  if (json) {
    process.stdout.write(`${JSON.stringify({ type: "error", error: { ...payload, stack: undefined } })}\n`);
  } else {
    const where = locationOf(payload);
    const message = payload.code === "GRAPH_LOAD_FAILED" || !where ? payload.message : `${where}: ${payload.message}`;
    process.stderr.write(`${red("durable-graphs:")} ${message}\n`);
    const hint = hintFor(payload, thread);
    if (hint) process.stderr.write(`${dim(hint)}\n`);
    if (!ours || process.env.DURABLE_GRAPHS_DEBUG) process.stderr.write(`${dim(String((error as Error)?.stack ?? error))}\n`);
  }
  return ours ? exitCodeFor(payload.code) : EXIT.runFailed;
}

// `durable-graphs show x | head`: the reader went away; stop quietly, as other commands do. A run goes
// on without its reader (its output is dropped): stopping it halfway would leave the thread interrupted.
const runs = ["run", "resume"].includes(process.argv.slice(2).find((arg) => !arg.startsWith("-")) ?? "");
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
    if (runs) return;
    process.exit(EXIT.ok);
  }
  throw error;
});

main(process.argv.slice(2)).then(
  // Exit once the output is out (a pipe's reader may be far behind), not before: see output.ts.
  (code) => exitWhenFlushed(code),
  (error) => {
    process.stderr.write(`durable-graphs: internal error: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
