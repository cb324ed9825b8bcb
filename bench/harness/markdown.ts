import type { Machine } from "./machine";
import { ratioToOurs, type ScenarioResult } from "./results";
import { formatNumber, formatRatio } from "./stats";
import type { Verdict } from "../targets";

const SAFETY = { none: "none (memory)", process: "process crash", power: "power loss" } as const;

export const RATIO_LEGEND =
  "**ours ×**: durable-graphs at the same safety level (its `--fsync` mode against power-loss-safe peers, its default against the rest) compared with the row — how many times faster, or smaller on disk; above 1× durable-graphs is ahead. **survives**: what a committed step survives.";

export function machineMarkdown(machine: Machine): string {
  return [
    `- CPU: ${machine.cpu}, \`nproc\` = ${machine.nproc}, ${machine.memory} RAM`,
    `- OS: ${machine.os}; temp dirs: ${machine.disk}`,
    `- Node ${machine.node}; date ${machine.date}; load average at the start ${machine.load}`,
  ].join("\n");
}

export function verdictsMarkdown(verdicts: readonly Verdict[]): string {
  const lines = ["| target | measured | ratio | verdict |", "|---|---|---|---|"];
  for (const v of verdicts) {
    const value = v.target.includes("KB on disk per step") ? `${formatNumber(v.value)} B` : formatRatio(v.value);
    lines.push(`| ${v.target} | ${v.measured} | ${value} | ${v.met ? "**met**" : "**missed**"} |`);
  }
  return lines.join("\n");
}

/** One scenario as a markdown table: a row per peer (and size), the columns' medians and ratios. */
export function scenarioMarkdown(result: ScenarioResult, level = "###"): string {
  const sized = result.rows.some((r) => r.size !== undefined);
  const header = [...(sized ? [result.id === "durability" ? "survives" : "size"] : []), "peer", ...(result.id === "durability" ? [] : ["survives"])];
  for (const column of result.columns) {
    header.push(column.header);
    if (column.ratio) header.push("ours ×");
  }
  header.push("runs", "note");
  const lines = [`${level} ${result.title}`, "", result.what, "", `| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const row of result.rows) {
    const cells = [...(sized ? [row.size ?? ""] : []), row.label, ...(result.id === "durability" ? [] : [SAFETY[row.safety]])];
    for (const column of result.columns) {
      cells.push(row.skipped ? "–" : formatNumber(row.metrics[column.key]));
      if (column.ratio) cells.push(row.skipped || row.peer === "ours" || row.peer === "ours-fsync" ? "" : formatRatio(ratioToOurs(result.rows, row, column)));
    }
    cells.push(String(row.repetitions), row.note ?? "");
    lines.push(`| ${cells.join(" | ")} |`);
  }
  for (const note of result.notes) lines.push("", note);
  return lines.join("\n");
}
