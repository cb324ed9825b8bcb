import type { CliContext } from "../cliContext";
import { EXIT } from "../exitCodes";
import { inPages, writeJsonArray } from "../jsonArrayStream";
import { relativeTime } from "../../core/relativeTime";
import { dim, magenta, statusColor, table } from "../terminal";
import { answerShape } from "../answerShape";

function clipped(text: string): string {
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** `threads`: every thread in the store, newest first (reads summaries only, never journals). */
export async function threadsCommand(ctx: CliContext): Promise<number> {
  const threads = await ctx.store.listThreads();
  if (ctx.json) {
    // Written a page at a time at the reader's pace, so a big store is never one string in memory.
    await writeJsonArray(ctx.write, inPages(threads, 200));
    await ctx.write("\n");
    return EXIT.ok;
  }
  if (threads.length === 0) {
    ctx.print(`no threads in ${ctx.storeDir}`);
    ctx.print(dim("start one with: durable-graphs run <file.graph.ts> --thread <id>"));
    return EXIT.ok;
  }
  const rows = [["ID", "GRAPH", "STATUS", "LAST NODE", "STEPS", "UPDATED"]];
  for (const t of threads) {
    rows.push([t.id, t.graph, statusColor(t.status), t.lastNodes.join(", ") || "-", String(t.step), relativeTime(t.updatedAt)]);
  }
  ctx.print(table(rows));
  const waiting = threads.filter((t) => t.questions?.length);
  for (const t of waiting) {
    for (const q of t.questions!) {
      ctx.print(`${magenta("?")} ${t.id}: ${q.node} asks ${q.value === undefined ? "for an answer" : clipped(JSON.stringify(q.value))} ${dim(`— answer: ${answerShape(q.schema)}`)}`);
    }
  }
  if (waiting.length) ctx.print(dim(`answer with: durable-graphs resume <thread> --answer JSON`));
  return EXIT.ok;
}
