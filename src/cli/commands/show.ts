import { DurableError } from "../../core/errors";
import { compareFingerprints, graphChangePhrases } from "../../core/fingerprint/compareFingerprints";
import type { GraphFingerprint } from "../../core/fingerprint/graphFingerprint";
import type { JournalRecord } from "../../core/store/records";
import { isInternalChannel, lgTaskNode, lgValueForPeople } from "../../core/store/langGraphReplay";
import type { CliContext } from "../cliContext";
import { EXIT } from "../exitCodes";
import { writeJsonArray } from "../jsonArrayStream";
import { repairedLine } from "../repairedLine";
import { relativeTime } from "../../core/relativeTime";
import { clippedJson } from "../../core/clippedJson";
import { bold, cyan, dim, duration, green, magenta, red, statusColor, yellow } from "../terminal";

export interface ShowArgs {
  thread: string;
  /** Print the state at this step (or the last) instead of the history. */
  state?: boolean;
  at?: number;
}

/** `show`: a thread's step history, paged through the journal, or its state at a step. */
export async function showCommand(ctx: CliContext, args: ShowArgs): Promise<number> {
  const info = await ctx.store.getThread(args.thread);
  if (!info) {
    throw new DurableError("THREAD_NOT_FOUND", `no thread ${args.thread} in ${ctx.storeDir}`, { thread: args.thread });
  }
  if (args.state || args.at !== undefined) {
    const view = await ctx.store.checkpoint(args.thread, args.at);
    if (ctx.json) ctx.emit(view);
    else {
      ctx.print(`${bold(args.thread)} state at step ${view.step}${view.nodes.length ? ` (after ${view.nodes.join(", ")})` : view.edit ? ` (edited by ${view.edit.by}: ${view.edit.keys.join(", ")})` : ""}:`);
      ctx.print(JSON.stringify(view.state, null, 2));
      ctx.print(dim(`next: ${view.next.join(", ") || "END"}`));
    }
    return EXIT.ok;
  }
  if (ctx.json) {
    // The whole journal's checksums first (a few ms per MB): damage refuses the thread before any
    // output, so a program reading the document never gets half of one.
    await ctx.store.checkpoint(args.thread);
    // The same document as one JSON.stringify of {thread, records} would give, written page by page.
    await ctx.write(`{"thread":${JSON.stringify(info)},"records":`);
    try {
      await writeJsonArray(ctx.write, historyPages(ctx, args.thread));
    } catch (error) {
      // Damage found mid-journal: the document stays unfinished (the exit code says so), and the
      // error's own JSON line must not be glued to it.
      await ctx.write("\n");
      throw error;
    }
    await ctx.write("}\n");
    return EXIT.ok;
  }
  // A person reads as it comes: the first page goes out at once, not after a pass over the whole
  // journal (a 100k-step thread is 30 MB). Every record is still checked as it is read, and damage
  // stops the history where it lies, with the file and offset and exit 5, as `verify` would.
  const header = [`${bold(info.id)}  ${info.graph}  ${statusColor(info.status)}  step ${info.step}  updated ${relativeTime(info.updatedAt)}`];
  if (info.forkedFrom) header.push(dim(`forked from ${info.forkedFrom.thread} at step ${info.forkedFrom.step}`));
  if (info.repaired) header.push(yellow(repairedLine(info.repaired, relativeTime(info.repaired.at))));
  if (info.error) header.push(red(`error: ${info.error.message}`));
  await ctx.write(`${header.join("\n")}\n`);
  // A run record with no end record before the next run marks a process that died mid-run.
  let open: { pid: number } | undefined;
  const died = (pid: number) => yellow(`              ⚡ process ${pid} stopped here without finishing (crash or kill)`);
  // Each run records the graph it ran: where one ran another version than the run before, the history says how.
  let lastGraph: GraphFingerprint | undefined;
  for await (const page of historyPages(ctx, args.thread)) {
    const lines: string[] = [];
    for (const record of page) {
      if (record.type === "run") {
        if (open) lines.push(died(open.pid));
        open = { pid: record.pid };
        const changes = lastGraph && record.graph ? compareFingerprints(lastGraph, record.graph) : undefined;
        if (changes) lines.push(yellow(`              ◆ graph changed since the previous run (${changes.from} → ${changes.to}): ${graphChangePhrases(changes).join("; ") || "its code"}`));
        if (record.graph) lastGraph = record.graph;
      } else if (record.type === "end") open = undefined;
      // A LangGraph.js thread's own first step is its input checkpoint: the store's empty step 0 says nothing.
      const line = info.engine === "langgraph" && record.type === "checkpoint" ? undefined : describe(record);
      if (line) lines.push(line);
    }
    // One write a page: few system calls, and no more than a page waits for a slow reader.
    if (lines.length) await ctx.write(`${lines.join("\n")}\n`);
  }
  if (open && info.status !== "running") await ctx.write(`${died(open.pid)}\n`);
  return EXIT.ok;
}

/** The journal a page at a time (the store remembers where the last page ended: one pass in all). */
async function* historyPages(ctx: CliContext, thread: string): AsyncGenerator<JournalRecord[]> {
  let afterSeq: number | undefined;
  for (;;) {
    // A page of decoded records is most of what this command holds: 250 keeps `show --json` of a
    // 100k-step thread near 70 MB (1,000 a page: 90–105 MB), at the same speed.
    const page = await ctx.store.history(thread, { limit: 250, ...(afterSeq === undefined ? {} : { afterSeq }) });
    yield page.records;
    if (page.nextSeq === undefined) return;
    afterSeq = page.nextSeq;
  }
}

function describe(record: JournalRecord): string | undefined {
  const time = new Date("at" in record ? record.at : record.type === "node" ? record.startedAt : 0).toISOString().slice(11, 23);
  switch (record.type) {
    case "run":
      return dim(`${time}  run by process ${record.pid}${record.resumed ? `, resuming after step ${record.step}` : ""}`);
    case "node": {
      const keys = Object.keys(record.writes);
      const lines = [`${dim(time)}  step ${record.step}  ${cyan(record.node)} ${green("✓")} ${dim(duration(record.durationMs))}${record.attempt > 1 ? dim(` attempt ${record.attempt}`) : ""}${keys.length ? `  wrote ${keys.join(", ")}` : ""}`];
      for (const log of record.logs ?? []) lines.push(dim(`      ${record.node} │ `) + log.message);
      return lines.join("\n");
    }
    case "task":
      return dim(`              step ${record.step}  ${record.node}: task "${record.name}" recorded`);
    case "interrupt":
      return `${dim(time)}  step ${record.step}  ${cyan(record.node)} ${magenta(record.refused ? "? asked again" : "? asked")} ${record.value === undefined ? "" : clippedJson(record.value)}${record.refused ? yellow(` (${record.refused})`) : ""}`;
    case "answer":
      return `${dim(time)}  step ${record.step}  ${cyan(record.node)} ${magenta("↳ answered")}${record.by ? ` by ${record.by}` : ""}: ${record.value === undefined ? "(nothing)" : clippedJson(record.value)}`;
    case "failure":
      return (record.final ? red : yellow)(`${time}  step ${record.step}  ${record.node ?? ""} ${record.final ? "failed" : `attempt ${record.attempt} failed`}: ${record.error.message}`);
    case "checkpoint":
      if (record.edit) {
        return `${dim(time)}  step ${record.step}  ${magenta("edited by a person")} (${record.edit.by}): ${record.edit.keys.join(", ")} → next: ${record.next.join(", ") || "END"}`;
      }
      return record.step === 0 || record.nodes.length === 0
        ? `${dim(time)}  step ${record.step}  ${bold("input")}  ${record.changes.map((c) => c.key).join(", ") || "(empty)"} → next: ${record.next.join(", ") || "END"}`
        : `${dim(time)}  step ${record.step}  ${bold("committed")}  ${record.changes.map((c) => (c.op === "append" ? `${c.key} +${c.items.length}` : c.key)).join(", ") || "no changes"} → ${record.next.join(", ") || "END"}`;
    case "end":
      if (record.status === "waiting") return magenta(`${time}  waiting for input`);
      return record.status === "completed" ? green(`${time}  completed`) : record.status === "cancelled" ? yellow(`${time}  cancelled`) : red(`${time}  failed: ${record.error?.message ?? ""}`);
    case "lg-checkpoint": {
      // A LangGraph.js checkpoint: the channels it changed (its own `__…`/`a:b` channels left out) and what is due next.
      const where = record.ns ? dim(` [${record.ns}]`) : "";
      const changed = Object.keys(record.values).filter((channel) => !isInternalChannel(channel));
      const label = record.step < 0 ? bold("input") : `${bold("committed")}${record.nodes.length ? ` ${record.nodes.map((n) => cyan(n)).join(", ")}` : ""}`;
      return `${dim(time)}  step ${Math.max(record.step, 0)}${where}  ${label}  ${changed.join(", ") || "no changes"} → ${record.next.join(", ") || "END"}`;
    }
    case "lg-writes": {
      const node = lgTaskNode(record.path) ?? record.task;
      const where = record.ns ? dim(` [${record.ns}]`) : "";
      if (record.writes.some((w) => w.channel === "__interrupt__")) return `${dim(time)}${where}  ${cyan(node)} ${magenta("? asked")}`;
      if (record.writes.some((w) => w.channel === "__error__")) return red(`${time}${where}  ${node} failed`);
      // A `Command({ resume })`: LangGraph writes the answer outside any task.
      if (record.writes.every((w) => w.channel === "__resume__")) return `${dim(time)}${where}  ${magenta("↳ answered")}: ${record.writes.map((w) => JSON.stringify(lgValueForPeople(w.value))).join(", ")}`;
      const channels = record.writes.map((w) => w.channel).filter((channel) => !isInternalChannel(channel));
      return `${dim(time)}${where}  ${cyan(node)} ${green("✓")}${channels.length ? `  wrote ${[...new Set(channels)].join(", ")}` : ""}`;
    }
    default:
      return undefined;
  }
}
