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

/** `fork`: a new thread that starts from another's checkpoint at `step`. */
export async function forkCommand(ctx: CliContext, thread: string, step: number | undefined, newId: string | undefined, migrate = false): Promise<number> {
  if (step === undefined) throw new DurableError("INVALID_ARGUMENT", "fork needs --at <step> (see `durable-graphs show` for the steps)", {});
  const target = validateId(newId ?? `${thread}-fork-${step}`);
  // A migration runs the graph file's code: loaded only for it.
  const info = migrate
    ? await (await import("../../runner/migrateFork")).forkWithMigration({ store: ctx.store, workspace: ctx.workspace, thread, step, newId: target })
    : await ctx.store.fork(thread, step, target);
  if (ctx.json) ctx.emit(info);
  else {
    const how = migrate ? ` with its state migrated by the graph file's migrate()${"migratedFrom" in info && info.migratedFrom ? ` from graph ${info.migratedFrom}` : ""}` : "";
    ctx.print(`${green("✔")} forked ${bold(thread)} at step ${step} into ${bold(info.id)}${how} (next: ${info.next.join(", ") || "END"})`);
    ctx.print(`  continue it with: durable-graphs resume ${info.id}`);
  }
  return EXIT.ok;
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
