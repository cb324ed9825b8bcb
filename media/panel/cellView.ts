import type { MarkerCell, NodeCell } from "../../src/core/protocol/panelMessages";
import { button, el, text } from "./dom";
import { elapsed, plural, time } from "./format";
import { send } from "./vscodeApi";

/** A cell's visible row (its body is filled when opened). */
export function renderCell(cell: MarkerCell | NodeCell, open: boolean, onToggle: () => void): HTMLElement {
  if (cell.kind === "marker") {
    return el("div", { class: `cell marker tone-${cell.tone}`, attrs: { "data-id": cell.id, role: "note", tabindex: "-1" } }, [
      el("span", { class: "marker-text", text: cell.text }),
      el("span", { class: "marker-time", text: time(cell.at) }),
    ]);
  }
  const bodyId = `body-${cell.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const toggle = button(open ? "▾" : "▸", onToggle, { class: "toggle", title: open ? "Hide details" : "Show details" });
  toggle.setAttribute("aria-expanded", String(open));
  toggle.setAttribute("aria-controls", bodyId);
  toggle.setAttribute("aria-label", `${open ? "Hide" : "Show"} details of ${cell.node}, step ${cell.step}`);
  const article = el(
    "article",
    { class: `cell node-cell status-${cell.status}${open ? " open" : ""}`, attrs: { "data-id": cell.id, tabindex: "0", "aria-label": summary(cell) } },
    [
      el("div", { class: "cell-head" }, [
        el("span", { class: "prompt", text: cell.status === "running" ? "[*]" : `[${cell.n}]` }),
        toggle,
        el("span", { class: "node-name", text: cell.node }),
        el("span", { class: `badge badge-${cell.status}`, text: cell.status }),
        el("span", { class: "meta" }, [
          text(`step ${cell.step} · `),
          el("span", { class: "elapsed", text: elapsed(cell) }),
          text(
            `${cell.attempts > 1 ? ` · ${plural(cell.attempts, "attempt")}` : ""}${cell.keys.length ? ` · wrote ${cell.keys.join(", ")}` : ""}${cell.logs ? ` · ${plural(cell.logs, "log line")}` : ""}`,
          ),
        ]),
        el("span", { class: "spacer" }),
        cell.committed && button("Fork from here", () => send({ type: "fork", step: cell.step }), { class: "secondary fork", title: `Fork from Checkpoint: a new thread from the state after step ${cell.step}` }),
        cell.committed &&
          button("Edit state", () => send({ type: "checkpointAction", action: "editState", step: cell.step }), {
            class: "secondary cell-action edit-state",
            title: `Edit State at Checkpoint: edit the state after step ${cell.step}; saving forks the thread with your edit`,
          }),
        cell.committed &&
          button("Replay from here", () => send({ type: "checkpointAction", action: "replay", step: cell.step }), {
            class: "secondary cell-action replay",
            title: `Replay from Here: fork at step ${cell.step} and run the fork at once`,
          }),
      ]),
      cell.error !== undefined && el("pre", { class: "cell-error", text: cell.error }),
      el("div", { class: "cell-body", attrs: { id: bodyId, ...(open ? {} : { hidden: "" }) } }),
    ],
  );
  return article;
}

function summary(cell: NodeCell): string {
  return `cell ${cell.n}: ${cell.node}, step ${cell.step}, ${cell.status}, ${elapsed(cell)}`;
}
