import "./panel.css";
import { toPanel, type PanelState, type ThreadHeader, type ToPanel } from "../../src/core/protocol/panelMessages";
import { CellList } from "./cellList";
import { Diagram } from "./diagram";
import { button, el, setText } from "./dom";
import { renderComparison } from "./comparisonView";
import { renderHeader } from "./header";
import { savedState, saveState, send } from "./vscodeApi";

/**
 * The run panel's webview: a header, the graph diagram and the cells, built from the extension's
 * messages (each parsed with the protocol schema; anything else is ignored). Its scroll position and
 * open cells are saved with the webview state, so Reload Window brings them back.
 */
const restored = savedState();
const state: PanelState = restored ?? { folder: "", thread: "" };
const app = document.getElementById("app")!;
const header = el("header", { class: "run-header" });
const diagramBody = el("div", { class: "diagram-body", attrs: { id: "diagram-body" } });
const diagramToggle = button("Graph", () => setDiagramOpen(diagramBody.hidden), { class: "section-toggle" });
diagramToggle.setAttribute("aria-controls", "diagram-body");
const diagramSection = el("section", { class: "diagram", attrs: { "aria-label": "Graph diagram" } }, [el("h2", {}, [diagramToggle]), diagramBody]);
const notice = el("p", { class: "notice", attrs: { role: "alert", hidden: "" } });
const comparisonSection = el("section", { class: "comparison", attrs: { "aria-label": "Comparison", hidden: "" } });
const cellsTarget = el("div", { class: "cells" });
let firstCells = true;
const diagram = new Diagram(diagramBody);
const cells = new CellList(cellsTarget, new Set(state.open ?? []), () => persist());
let restoreScroll = restored?.scrollTop;

app.replaceChildren(header, notice, comparisonSection, diagramSection, el("h2", { class: "cells-title", text: "Cells" }), cellsTarget);
app.removeAttribute("aria-busy");
setDiagramOpen(state.diagram ?? true);

function setDiagramOpen(open: boolean): void {
  diagramBody.hidden = !open;
  diagramToggle.setAttribute("aria-expanded", String(open));
  diagramToggle.textContent = `${open ? "▾" : "▸"} Graph`;
  state.diagram = open;
  persist();
}

function persist(): void {
  if (!state.thread) return;
  saveState({ ...state, open: [...cells.open].slice(-2000) });
}

let scrollQueued = false;
cellsTarget.addEventListener("scroll", () => {
  if (scrollQueued) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    if (restoreScroll !== undefined) return; // not yet: the saved position is still being restored
    state.scrollTop = Math.round(cellsTarget.scrollTop);
    persist();
  });
});
let threadStatus = "";

function onMessage(message: ToPanel): void {
  switch (message.type) {
    case "init": {
      const sameThread = state.folder === message.folder && state.thread === message.thread.id;
      if (!sameThread) {
        cells.open.clear();
        restoreScroll = undefined;
      }
      state.folder = message.folder;
      state.thread = message.thread.id;
      cells.reset();
      comparisonSection.hidden = true;
      firstCells = true;
      threadStatus = message.thread.status;
      cells.setAnswering(answering(message.thread));
      notice.hidden = true;
      diagramSection.hidden = false;
      renderHeader(header, message.thread);
      persist();
      return;
    }
    case "thread":
      threadStatus = message.thread.status;
      cells.setAnswering(answering(message.thread));
      renderHeader(header, message.thread);
      diagram.mark(message.marks);
      return;
    case "graph":
      diagram.draw(message.graph);
      return;
    case "cells":
      if (firstCells) {
        firstCells = false;
        // Back where it was before a reload (the rows there are asked for as they are drawn); else,
        // opened mid-run, the newest cells, followed.
        if (restoreScroll !== undefined) {
          cells.restore(restoreScroll);
          restoreScroll = undefined;
        } else if (threadStatus === "running") cells.follow = true;
      }
      cells.apply(message.total, message.staleFrom, message.start, message.cells, message.patch);
      return;
    case "answerResult":
      cells.answerResult(message.id, message.sent, message.error, message.path);
      return;
    case "detail":
      cells.showDetail(message.id, message.detail, message.error);
      return;
    case "comparison":
      renderComparison(comparisonSection, message.comparison, message.error);
      return;
    case "gone":
      // The thread was reset or deleted (or cannot be read): nothing of its old run stays on screen.
      cells.reset();
      threadStatus = "";
      header.replaceChildren(el("h1", { text: state.thread }), el("span", { class: "status status-gone", text: "gone" }));
      diagramSection.hidden = true;
      setText(notice, message.message);
      notice.hidden = false;
      return;
  }
}

/** Whether a question's form may send now: answering resumes the thread, so it runs the graph's code. */
function answering(t: ThreadHeader): { canAnswer: boolean; why?: string } {
  if (!t.trusted) return { canAnswer: false, why: "Restricted Mode: answering resumes the thread, which runs code from this workspace. Trust the workspace to answer." };
  if (t.status === "running") return { canAnswer: false, why: "The thread is running; it can be answered when it stops." };
  if (t.status === "completed" || t.status === "quarantined") return { canAnswer: false, why: `The thread is ${t.status}.` };
  return { canAnswer: true };
}

window.addEventListener("message", (event: MessageEvent) => {
  const parsed = toPanel.safeParse(event.data);
  if (parsed.success) onMessage(parsed.data);
  else console.warn("run panel: ignored a message that does not fit the protocol", parsed.error.issues[0]);
});
send({ type: "ready" });
