import { readFileSync } from "node:fs";
import { DurableError, isDurableError } from "../../core/errors";
import type { VerifyReport } from "../../core/store/checkpointStore";
import { describeError } from "../../runner/describeError";
import { validateId } from "../../core/ids";
import type { CliContext } from "../cliContext";
import { EXIT } from "../exitCodes";
import { bold, green } from "../terminal";
import { verifyVerdict } from "../verifyVerdict";

/** `reset`: deletes the thread (refused while a live run holds it); the next `run` starts it over. */
export async function resetCommand(ctx: CliContext, thread: string): Promise<number> {
  await ctx.store.delete(thread);
  if (ctx.json) ctx.emit({ reset: thread });
  else ctx.print(`${green("✔")} thread ${bold(thread)} reset: its checkpoints are deleted`);
  return EXIT.ok;
}

/** What `fork` is told to change: `--set key=JSON` (repeatable) or `--state FILE` (a whole state); or `--migrate`. */
export interface ForkEdit {
  set?: string[];
  stateFile?: string;
  /** Pass the state through the graph file's `migrate(state, fromFingerprint)`. */
  migrate?: boolean;
}

/**
 * `fork`: a new thread that starts from another's checkpoint at `step`, with a person's edit of the
 * state, or its state migrated by the graph file, if asked.
 */
export async function forkCommand(ctx: CliContext, thread: string, step: number | undefined, newId: string | undefined, edit: ForkEdit = {}): Promise<number> {
  if (step === undefined) throw new DurableError("INVALID_ARGUMENT", "fork needs --at <step> (see `durable-graphs show` for the steps)", {});
  if (edit.migrate && (edit.set?.length || edit.stateFile !== undefined)) {
    throw new DurableError("INVALID_ARGUMENT", "fork takes --migrate or an edit (--set, --state), not both: migrate first, then fork the migrated thread with your edit", {});
  }
  const target = validateId(newId ?? `${thread}-${edit.set || edit.stateFile ? "edit" : "fork"}-${step}`);
  const parsed = parseEdit(edit);
  // Loading a graph (esbuild, and the graph file's code) only when an edit or a migration needs it.
  // A LangGraph.js thread is forked through its saver (the user's LangGraph classes), not copied as the SDK's.
  const langGraph = (await ctx.store.getThread(thread))?.engine === "langgraph";
  const info = parsed || (langGraph && !edit.migrate)
    ? await (await import("../../runner/forkThread")).forkThread({ store: ctx.store, workspace: ctx.workspace, thread, step, newId: target, ...(parsed ? { edit: parsed } : {}) })
    : edit.migrate
      ? await (await import("../../runner/migrateFork")).forkWithMigration({ store: ctx.store, workspace: ctx.workspace, thread, step, newId: target })
      : await ctx.store.fork(thread, step, target);
  if (ctx.json) ctx.emit(info);
  else {
    const how = parsed
      ? ` with your edit as step ${info.step}`
      : edit.migrate
        ? ` with its state migrated by the graph file's migrate()${"migratedFrom" in info && info.migratedFrom ? ` from graph ${info.migratedFrom}` : ""}`
        : "";
    ctx.print(`${green("✔")} forked ${bold(thread)} at step ${step} into ${bold(info.id)}${how} (next: ${info.next.join(", ") || "END"})`);
    ctx.print(`  continue it with: durable-graphs resume ${info.id}`);
  }
  return EXIT.ok;
}

function parseEdit(edit: ForkEdit): { set?: Record<string, unknown>; state?: unknown } | undefined {
  if (edit.set?.length && edit.stateFile !== undefined) {
    throw new DurableError("INVALID_ARGUMENT", "fork takes --set or --state, not both: put every change in the state file", {});
  }
  if (edit.stateFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(edit.stateFile, "utf8");
    } catch (error) {
      throw new DurableError("INPUT_INVALID", `cannot read --state ${edit.stateFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: edit.stateFile });
    }
    try {
      return { state: JSON.parse(text) as unknown };
    } catch (error) {
      throw new DurableError("INPUT_INVALID", `--state ${edit.stateFile} is not valid JSON: ${(error as Error).message}`, { file: edit.stateFile });
    }
  }
  if (!edit.set?.length) return undefined;
  // No prototype: `--set __proto__=…` is a key the schema check refuses by name, not a silent no-op.
  const set: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const assignment of edit.set) {
    const eq = assignment.indexOf("=");
    const key = eq < 0 ? "" : assignment.slice(0, eq);
    if (!key) throw new DurableError("INVALID_ARGUMENT", `--set takes key=JSON (e.g. --set count=3 or --set 'name="x"'), not "${assignment}"`, {});
    try {
      set[key] = JSON.parse(assignment.slice(eq + 1)) as unknown;
    } catch (error) {
      throw new DurableError("INPUT_INVALID", `--set ${key}: the value is not JSON (${(error as Error).message}); a string needs quotes: --set '${key}="text"'`, { key });
    }
  }
  return { set };
}

/**
 * `verify`: reads every record of a thread and checks checksums and sequence. Three outcomes, each with
 * its exit code: clean (0); a torn tail (10), which is no damage: the next run cuts it; damaged (5):
 * the store throws STORE_CORRUPT naming the file and offset.
 */
export async function verifyCommand(ctx: CliContext, thread: string): Promise<number> {
  let report: VerifyReport;
  try {
    report = await ctx.store.verify(thread);
  } catch (error) {
    // Told on stderr by the CLI's error path; a script reading --json gets the verdict in its own shape.
    if (!ctx.json || !isDurableError(error, "STORE_CORRUPT")) throw error;
    const { stack: _stack, ...payload } = describeError(error);
    ctx.emit({ thread, status: "damaged", error: payload });
    return EXIT.corrupt;
  }
  const status = report.tornTail ? "repairable" : "clean";
  if (ctx.json) ctx.emit({ thread, status, ...report });
  else ctx.print(verifyVerdict(thread, report));
  return report.tornTail ? EXIT.tornTail : EXIT.ok;
}
