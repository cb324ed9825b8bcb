import type { Machine } from "./machine";
import { ratioToOurs, type ScenarioResult } from "./results";
import { formatNumber, formatRatio } from "./stats";
import type { Verdict } from "../targets";
import type { EditorResults } from "../editor";
import { join, relative } from "node:path";

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
    if (v.notMeasured) {
      lines.push(`| ${v.target} | ${v.notMeasured} | – | not measured |`);
      continue;
    }
    const value = v.unit === "bytes" ? `${formatNumber(v.value)} B` : v.unit === "ms" ? `${formatNumber(v.value)} ms` : v.unit === "plain" ? formatNumber(v.value) : formatRatio(v.value);
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
      if (column.ratio) {
        // Our own rows are the reference; a ratio against nothing (an in-memory peer's 0 bytes) says nothing.
        const ratio = ratioToOurs(result.rows, row, column);
        cells.push(row.skipped || row.peer.startsWith("ours") || ratio === 0 || !Number.isFinite(ratio) ? "" : formatRatio(ratio));
      }
    }
    cells.push(String(row.repetitions), row.note ?? "");
    lines.push(`| ${cells.join(" | ")} |`);
  }
  for (const note of result.notes) lines.push("", note);
  return lines.join("\n");
}

/** What each peer is, so a reader can judge the comparison. */
export function peersMarkdown(): string {
  return [
    "- **durable-graphs** (this repository), driven in-process as the runner drives it (`store.create`, `executeThread`, `writer.close`): the file store by default (a commit is in the OS page cache before the run goes on: it survives the process being killed), with `durability: \"fsync\"` (an fdatasync per commit, task result and run end: it survives power loss), and the in-memory `MemoryStore` (the engine alone).",
    "- **LangGraph.js** (`@langchain/langgraph`) with its default options (checkpoint durability `\"async\"`: a step's checkpoint is saved while the next step runs): no checkpointer, `MemorySaver`, and `SqliteSaver` (`@langchain/langgraph-checkpoint-sqlite`) as shipped — it switches the database to `journal_mode=WAL` and leaves `synchronous` at better-sqlite3's compiled default for WAL, `SQLITE_DEFAULT_WAL_SYNCHRONOUS=1` = NORMAL (a commit survives a process crash, not power loss) — and with `PRAGMA synchronous=FULL` (the WAL is synced at every transaction: power-loss safe). The bench reads both pragmas back from the database and stops if they are not what the row says.",
    "- **seed-style store**: what the seed did — after every step, read the thread's JSON file, append the checkpoint (the whole state), rewrite the whole file; no fsync.",
    "- **machine floor**: a minimal executor (no validation, no copies, no events) appending one JSON line per step (the step's writes), without sync and with an fdatasync per step: what the guarantee costs at least on this disk.",
    "- Every graph is described once (`bench/graphs/`) and built by each engine from the same nodes, reducers and routers; every run checks the final state, so no peer is fast by skipping work. Each run gets a fresh store in a fresh directory under `os.tmpdir()`; one untimed warm-up run per peer precedes the measured ones.",
  ].join("\n");
}

/** The editor's figures, as the Playwright benchmark of the real VS Code wrote them (or why there are none). */
export function editorMarkdown(editor: EditorResults): string {
  const intro =
    "Measured in the real VS Code by the Playwright benchmark (`npm run bench:editor`), which writes `bench/editor/results.json`; this file only reports it, from the editor benchmark's own run (the rows are in the Targets table).";
  if (editor.missing) return `${intro}\n\n**${editor.missing}.**`;
  const lines = [intro, "", `From \`${relative(join(__dirname, "..", ".."), editor.source)}\`${editor.measuredAt ? `, measured ${editor.measuredAt}` : ""}.`, "", "| target | measured | value | verdict |", "|---|---|---|---|"];
  for (const t of editor.targets) lines.push(`| ${t.target} | ${t.measured} | ${formatNumber(t.value)} | ${t.met ? "**met**" : "**missed**"} |`);
  return lines.join("\n");
}
