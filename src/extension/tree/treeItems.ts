import { relativeTime } from "../../core/relativeTime";
import * as vscode from "vscode";
import type { ThreadInfo, ThreadStatus } from "../../core/store/checkpointStore";
import type { GraphDriftMessage } from "../../core/protocol/runnerMessages";
import { START } from "../../core/sdk/constants";
import { graphDriftText } from "../graphDriftText";
import { describeRepair } from "../journalRepair";
import { visibleString } from "../../core/visibleText";
import { markdownText } from "./markdownText";
import { rowText } from "./rowText";
import type { CheckpointNode, GraphNode, ThreadNode } from "./treeNodes";

const STATUS_ICONS: Record<ThreadStatus, [string, string]> = {
  running: ["sync~spin", "charts.blue"],
  interrupted: ["debug-disconnect", "charts.yellow"],
  waiting: ["comment-discussion", "charts.purple"],
  completed: ["pass", "testing.iconPassed"],
  failed: ["error", "testing.iconFailed"],
  cancelled: ["circle-slash", "disabledForeground"],
  quarantined: ["warning", "errorForeground"],
};

export function statusIcon(status: ThreadStatus): vscode.ThemeIcon {
  const [id, color] = STATUS_ICONS[status];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}

export function graphItem(node: GraphNode, multiFolder: boolean): vscode.TreeItem {
  // Always expandable: VS Code keeps a row's collapsible state by id, so a graph first shown without
  // threads would otherwise stay closed when its first thread appears.
  const item = new vscode.TreeItem(rowText(node.label), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `graph:${node.entry.folder.uri}:${node.label}`;
  item.contextValue = node.exists ? "graph" : "graph.missing";
  item.iconPath = node.exists ? vscode.ThemeIcon.File : new vscode.ThemeIcon("warning");
  const uri = vscode.Uri.joinPath(node.entry.folder.uri, node.label);
  item.resourceUri = uri;
  const running = node.threads.filter((t) => t.status === "running").length;
  item.description = [
    multiFolder ? rowText(node.entry.folder.name) : "",
    node.exists ? "" : "file missing",
    `${node.threads.length} thread${node.threads.length === 1 ? "" : "s"}`,
    running ? `${running} running` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  if (node.exists) item.command = { command: "vscode.open", title: "Open Graph File", arguments: [uri] };
  return item;
}

export function threadItem(node: ThreadNode, now = Date.now(), drift?: GraphDriftMessage): vscode.TreeItem {
  const t = node.info;
  const item = new vscode.TreeItem(rowText(t.id), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `thread:${node.entry.folder.uri}:${t.id}`;
  item.contextValue = `thread.${t.status}`;
  item.iconPath = statusIcon(t.status);
  // A repaired journal is worth a glance, not an alarm: a short note here, the whole story in the tooltip.
  const notes = [...(drift ? [drift.resumes === "yes" ? "graph changed" : "graph changed: resume refused"] : []), ...(t.repaired ? ["journal repaired"] : [])];
  item.description = describeThread(t, now, notes);
  item.tooltip = threadTooltip(t, drift);
  item.accessibilityInformation = { label: `thread ${rowText(t.id)}, ${statusLabel(t.status)}, ${item.description}` };
  return item;
}

/**
 * Status, then `notes` (next to the status, so a narrow view still shows them), last node, steps, age.
 * Node names come from the graph's code: shown as `rowText` shows them.
 */
export function describeThread(t: ThreadInfo, now = Date.now(), notes: string[] = []): string {
  const ran = ranNodes(t.lastNodes);
  const last = ran.length ? ran.map(rowText).join(", ") : "input";
  const asking = [...new Set((t.questions ?? []).map((q) => rowText(q.node)))];
  const asks = asking.length ? [`${asking.join(", ")} ask${asking.length === 1 ? "s" : ""}`] : [];
  return [statusLabel(t.status), ...notes, ...asks, last, `${t.step} step${t.step === 1 ? "" : "s"}`, relativeTime(t.updatedAt, now)].join(" · ");
}

/** The graph's nodes among those a step ran: LangGraph.js's step 0 ran its `__start__`, which takes the input. */
function ranNodes(nodes: string[]): string[] {
  return nodes.filter((n) => n !== START);
}

/** A status as the user reads it. */
export function statusLabel(status: ThreadStatus): string {
  return status === "waiting" ? "waiting for input" : status;
}

function threadTooltip(t: ThreadInfo, drift?: GraphDriftMessage): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${markdownText(t.id)}** — ${statusLabel(t.status)}\n\n`);
  md.appendMarkdown(`graph: ${markdownText(t.graph)}${t.engine === "langgraph" ? " (LangGraph.js)" : ""}  \nsteps: ${t.step}  \nlast node: ${markdownText(ranNodes(t.lastNodes).join(", ") || "—")}  \n`);
  if (t.next.length) md.appendMarkdown(`next: ${markdownText(t.next.join(", "))}  \n`);
  md.appendMarkdown(`updated: ${new Date(t.updatedAt).toLocaleString()}`);
  if (t.owner) md.appendMarkdown(`  \nrunning in process ${t.owner.pid}`);
  if (t.forkedFrom) md.appendMarkdown(`  \nforked from ${markdownText(t.forkedFrom.thread)} at step ${t.forkedFrom.step}`);
  if (t.error) md.appendMarkdown(`\n\n$(error) ${markdownText(t.error.message)}`);
  for (const q of t.questions ?? []) {
    md.appendMarkdown(`\n\n$(comment-discussion) **${markdownText(q.node)}** asks (step ${q.step}):`);
    // JSON escapes control characters but not bidi, zero-width or U+2028/U+2029 ones: those show as escapes too.
    if (q.value !== undefined) md.appendCodeblock(visibleString(clip(JSON.stringify(q.value, null, 2) ?? "", 1500)), "json");
    md.appendMarkdown(`\n\nAnswer… (inline action) to answer it; the thread then resumes.`);
  }
  if (t.repaired) {
    md.appendMarkdown(`\n\n$(warning) ${markdownText(describeRepair(t.repaired))} (at byte ${t.repaired.offset}, ${new Date(t.repaired.at).toLocaleString()}). `);
    md.appendMarkdown("Nothing committed was lost: a process killed mid-write leaves such a record.");
  }
  if (drift) md.appendMarkdown(`\n\n$(git-compare) ${markdownText(graphDriftText(drift))}`);
  return md;
}

export function checkpointItem(node: CheckpointNode): vscode.TreeItem {
  node = { ...node, nodes: ranNodes(node.nodes) };
  // Node names, state keys and the editor's user name come from the graph and the machine: shown as rowText shows them.
  const list = (names: string[]) => names.map(rowText).join(", ");
  const label = node.edit
    ? `step ${node.step} · edited by a person`
    : node.step === 0 && node.nodes.length === 0
      ? `step ${node.step} · input`
      : `step ${node.step} · ${list(node.nodes) || "fork point"}`;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `checkpoint:${node.entry.folder.uri}:${node.thread}:${node.step}`;
  item.contextValue = "checkpoint";
  item.iconPath = new vscode.ThemeIcon(node.edit ? "edit" : "git-commit");
  item.description = node.edit
    ? `${rowText(node.edit.by)} changed ${list(node.edit.keys)}`
    : node.step === 0 && node.nodes.length === 0
      ? "initial state"
      : node.changed.length
        ? `changed ${list(node.changed)}`
        : "no changes";
  item.tooltip = `${node.edit ? `edited by ${rowText(node.edit.by)}: ${list(node.edit.keys)}\n` : ""}${new Date(node.at).toLocaleString()}\nnext: ${list(node.next) || "END"}`;
  item.command = { command: "durableGraphs.showCheckpoint", title: "Show Checkpoint", arguments: [node] };
  return item;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
