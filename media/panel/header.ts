import type { ThreadHeader } from "../../src/core/protocol/panelMessages";
import { button, el, text } from "./dom";
import { duration, time } from "./format";
import { send } from "./vscodeApi";

const RESUMABLE = new Set(["interrupted", "failed", "cancelled"]);

/** The header: which thread, how it stands, and the thread's actions (the extension's own commands). */
export function renderHeader(target: HTMLElement, t: ThreadHeader): void {
  // A LangGraph.js thread's state is not edited from here (the runner refuses it): its cells offer no Edit state.
  document.body.classList.toggle("engine-langgraph", t.engine === "langgraph");
  const running = t.status === "running";
  const facts: [string, Node | string][] = [
    ["graph", t.engine === "langgraph" ? langGraphFile(t.graph) : button(t.graph, () => send({ type: "action", action: "openGraph" }), { class: "link", title: "Open the graph file" })],
    ["steps", `${t.step}${t.lastNodes.length ? ` · last ${t.lastNodes.join(", ")}` : ""}${t.next.length ? ` · next ${t.next.join(", ")}` : ""}`],
    ["started", time(t.createdAt)],
    ["updated", time(t.updatedAt)],
    ["duration", `${duration(Math.max(0, t.updatedAt - t.createdAt))} (nodes ${duration(t.nodeTimeMs)})`],
  ];
  if (t.owner) facts.push(["process", `${t.owner.pid}${t.owner.here ? " (this window)" : " (another window or a terminal)"}`]);
  if (t.forkedFrom) facts.push(["forked from", `${t.forkedFrom.thread} at step ${t.forkedFrom.step}`]);
  const trustNote = t.trusted ? "" : " (Restricted Mode: nothing runs)";
  target.replaceChildren(
    el("div", { class: "title-row" }, [
      el("h1", { text: t.id }),
      el("span", { class: `status status-${t.status}`, text: t.status === "waiting" ? "waiting for input" : t.status, attrs: { role: "status" } }),
      el("span", { class: "spacer" }),
      el("div", { class: "actions", attrs: { role: "toolbar", "aria-label": "Thread actions" } }, [
        button("Resume", () => send({ type: "action", action: "resume" }), { disabled: !t.trusted || !RESUMABLE.has(t.status), title: `Resume Thread${trustNote}` }),
        button("Cancel", () => send({ type: "action", action: "cancel" }), { disabled: !running, title: "Cancel Run" }),
        button("Reset", () => send({ type: "action", action: "reset" }), { disabled: running, title: "Reset Thread: delete its checkpoints (asks first)", class: "secondary" }),
        button("Refresh", () => send({ type: "action", action: "refresh" }), { class: "secondary", title: "Read the thread again" }),
        button("Diff checkpoints…", () => send({ type: "compare", what: "checkpoints" }), { class: "secondary diff-checkpoints", title: "Pick two steps of this thread: which keys were added, removed or changed between them" }),
        t.forkedFrom &&
          button("Compare with origin", () => send({ type: "compare", what: "origin" }), {
            class: "secondary compare-origin",
            title: `Step by step beside ${t.forkedFrom.thread} after step ${t.forkedFrom.step}: which nodes' outputs differ`,
          }),
      ]),
    ]),
    // In a short panel the facts share one line, cut at its end: the tooltip holds them all.
    el("dl", { class: "facts", attrs: { title: facts.map(([k, v]) => `${k}: ${typeof v === "string" ? v : (v.textContent ?? "")}`).join("\n") } }, facts.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", {}, [typeof v === "string" ? text(v) : v])])),
  );
  if (t.error) target.append(el("p", { class: "thread-error", text: `${t.error.code}: ${t.error.message}`, attrs: { role: "alert", title: `${t.error.code}: ${t.error.message}` } }));
  if (t.repaired) target.append(repairNotice(t.repaired));
  if (t.graphChanged) {
    target.append(
      el("p", { class: `graph-changed${t.graphChanged.refused ? " refused" : ""}`, attrs: { role: "status" } }, [
        el("span", { class: "graph-changed-icon", text: "◆", attrs: { "aria-hidden": "true" } }),
        el("span", { text: t.graphChanged.message }),
      ]),
    );
  }
}

/** A warning, not an error: cutting a torn tail lost nothing committed, but the journal was changed. */
function repairNotice(r: NonNullable<ThreadHeader["repaired"]>): HTMLElement {
  return el("p", { class: "repair-notice", attrs: { role: "status", title: `${r.file}: ${r.bytes} bytes cut at byte ${r.offset}` } }, [
    el("span", { class: "repair-icon", text: "⚠", attrs: { "aria-hidden": "true" } }),
    el("span", { class: "repair-text", text: `${r.message}.` }),
    el("span", { class: "repair-when", text: ` Nothing committed was lost · ${time(r.at)}` }),
  ]);
}

/** The graph file's link, marked as a LangGraph.js graph. */
function langGraphFile(graph: string): HTMLElement {
  return el("span", {}, [
    button(graph, () => send({ type: "action", action: "openGraph" }), { class: "link", title: "Open the graph file" }),
    el("span", { class: "engine-note muted", text: " · LangGraph.js" }),
  ]);
}
