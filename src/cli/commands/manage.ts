import { DurableError } from "../../core/errors";
import { validateId } from "../../core/ids";
import type { CliContext } from "../cliContext";
import { EXIT } from "../exitCodes";
import { bold, green } from "../terminal";

/** `reset`: deletes the thread (refused while a live run holds it); the next `run` starts it over. */
export async function resetCommand(ctx: CliContext, thread: string): Promise<number> {
  await ctx.store.delete(thread);
  if (ctx.json) ctx.emit({ reset: thread });
  else ctx.print(`${green("✔")} thread ${bold(thread)} reset: its checkpoints are deleted`);
  return EXIT.ok;
}

/** `fork`: a new thread that starts from another's checkpoint at `step`. */
export async function forkCommand(ctx: CliContext, thread: string, step: number | undefined, newId: string | undefined): Promise<number> {
  if (step === undefined) throw new DurableError("INVALID_ARGUMENT", "fork needs --at <step> (see `durable-graphs show` for the steps)", {});
  const target = validateId(newId ?? `${thread}-fork-${step}`);
  const info = await ctx.store.fork(thread, step, target);
  if (ctx.json) ctx.emit(info);
  else {
    ctx.print(`${green("✔")} forked ${bold(thread)} at step ${step} into ${bold(info.id)} (next: ${info.next.join(", ") || "END"})`);
    ctx.print(`  continue it with: durable-graphs resume ${info.id}`);
  }
  return EXIT.ok;
}

/** `verify`: reads every record of a thread and checks checksums and sequence. */
export async function verifyCommand(ctx: CliContext, thread: string): Promise<number> {
  const report = await ctx.store.verify(thread);
  if (ctx.json) ctx.emit({ thread, ok: true, ...report });
  else ctx.print(`${green("✔")} ${bold(thread)}: ${report.records} records in ${report.segments} segment(s), ${report.bytes} bytes, all checksums and sequence numbers valid`);
  return EXIT.ok;
}
