import type { ThreadInfo } from "../../core/store/checkpointStore";
import type { GraphDrift } from "../../runner/graphDrift";
import type { CliContext } from "../cliContext";
import { EXIT } from "../exitCodes";
import { inPages, writeJsonArray } from "../jsonArrayStream";
import { relativeTime } from "../../core/relativeTime";
import { dim, magenta, statusColor, table, yellow } from "../terminal";
import { clippedJson } from "../../core/clippedJson";
import { answerShape } from "../../core/interrupts/answerShape";

/** `threads`: every thread in the store, newest first (reads summaries only, never journals). */
export async function threadsCommand(ctx: CliContext): Promise<number> {
  const threads = await ctx.store.listThreads();
  const drifts = await graphDrifts(ctx, threads);
  if (ctx.json) {
    // Written a page at a time at the reader's pace, so a big store is never one string in memory.
    const listed = drifts.size === 0 ? threads : threads.map((t) => (drifts.has(t.id) ? { ...t, graphChanged: drifts.get(t.id) } : t));
    await writeJsonArray(ctx.write, inPages(listed, 200));
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
    const changed = drifts.has(t.id) ? yellow(" · graph changed") : "";
    rows.push([t.id, t.graph, `${statusColor(t.status)}${changed}`, t.lastNodes.join(", ") || "-", String(t.step), relativeTime(t.updatedAt)]);
  }
  ctx.print(table(rows));
  const waiting = threads.filter((t) => t.questions?.length);
  for (const t of waiting) {
    for (const q of t.questions!) {
      ctx.print(`${magenta("?")} ${t.id}: ${q.node} asks ${q.value === undefined ? "for an answer" : clippedJson(q.value, 120)} ${dim(`— answer: ${answerShape(q.schema)}`)}`);
      if (q.refused) ctx.print(yellow(`  asked again: ${q.refused}`));
    }
  }
  if (waiting.length) ctx.print(dim(`answer with: durable-graphs resume <thread> --answer JSON`));
  for (const [id, drift] of drifts) ctx.print(driftLine(id, drift));
  return EXIT.ok;
}

/**
 * Only unfinished threads whose summary names the graph their last run ran are compared, and the code
 * that loads graph files is loaded only then: a store of finished threads lists as fast as before.
 */
async function graphDrifts(ctx: CliContext, threads: readonly ThreadInfo[]): Promise<Map<string, GraphDrift>> {
  if (!threads.some((t) => t.graphId && t.status !== "completed" && t.status !== "running" && t.status !== "quarantined")) return new Map();
  const { graphDrifts: compare } = await import("../../runner/graphDrift");
  return compare(ctx.store, ctx.workspace, threads);
}

function driftLine(id: string, drift: GraphDrift): string {
  const verdict =
    drift.resumes === "yes"
      ? "resume runs it on the new graph"
      : drift.resumes === "accept-changes"
        ? `resume is refused (${drift.reason}); \`resume ${id} --accept-changes\` runs it as recorded`
        : `resume is refused: ${drift.reason}`;
  return yellow(`${id}: the graph changed since its last run (${drift.from} → ${drift.to}): ${drift.changes.join("; ") || "its code"} — ${verdict}`);
}
