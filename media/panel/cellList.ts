import type { CellDetail, CellSummary } from "../../src/core/protocol/panelMessages";
import { renderCell } from "./cellView";
import { renderDetail } from "./cellDetailView";
import { el } from "./dom";
import { duration } from "./format";
import { send } from "./vscodeApi";

/** Details kept for reopening without asking again (the rest is asked for when opened). */
const DETAIL_CACHE = 200;

/**
 * The cells, in journal order. Rows are cheap (a summary each; the browser skips laying out the ones
 * off screen, `content-visibility: auto`), bodies are loaded on demand when a cell is opened, so a
 * 10,000-step thread opens at once. Arrow keys move between cells, Enter opens or closes one.
 */
export class CellList {
  private readonly cells = new Map<string, CellSummary>();
  private readonly rows = new Map<string, HTMLElement>();
  private readonly details = new Map<string, CellDetail>();
  private readonly running = new Set<string>();
  private tick?: number;

  constructor(
    private readonly target: HTMLElement,
    /** Open cells and open input sections (`<id>/input`), saved with the webview state. */
    readonly open: Set<string>,
    private readonly onStateChange: () => void,
  ) {
    target.setAttribute("role", "feed");
    target.setAttribute("aria-label", "Executed nodes, one cell per node per step");
    target.addEventListener("keydown", (event) => this.onKey(event));
  }

  reset(): void {
    this.cells.clear();
    this.rows.clear();
    this.details.clear();
    this.running.clear();
    this.target.replaceChildren();
    this.updateTick();
  }

  get size(): number {
    return this.cells.size;
  }

  apply(upsert: CellSummary[], remove: string[]): void {
    for (const id of remove) {
      this.rows.get(id)?.remove();
      this.rows.delete(id);
      this.cells.delete(id);
      this.running.delete(id);
    }
    const appended = document.createDocumentFragment();
    for (const cell of upsert) {
      const old = this.rows.get(cell.id);
      this.cells.set(cell.id, cell);
      this.details.delete(cell.id);
      const row = this.render(cell);
      if (old) {
        const hadFocus = old.contains(document.activeElement);
        old.replaceWith(row);
        if (hadFocus) row.focus();
      } else appended.append(row);
      if (cell.kind === "node" && cell.status === "running") this.running.add(cell.id);
      else this.running.delete(cell.id);
    }
    this.target.append(appended);
    if (this.cells.size === 0) this.target.append(el("p", { class: "muted empty", text: "No node has run in this thread yet." }));
    else this.target.querySelector(":scope > .empty")?.remove();
    this.updateTick();
  }

  showDetail(id: string, detail: CellDetail | undefined, error: string | undefined): void {
    if (detail) {
      this.details.set(id, detail);
      if (this.details.size > DETAIL_CACHE) this.details.delete(this.details.keys().next().value!);
    }
    const body = this.rows.get(id)?.querySelector<HTMLElement>(".cell-body");
    if (!body || !this.open.has(id)) return;
    body.replaceChildren(detail ? this.detailView(id, detail) : el("p", { class: "thread-error", text: error ?? "No details." }));
  }

  private render(cell: CellSummary): HTMLElement {
    const open = this.open.has(cell.id);
    const row = renderCell(cell, open, () => this.toggle(cell.id));
    this.rows.set(cell.id, row);
    if (open) this.fillBody(cell.id, row);
    return row;
  }

  private toggle(id: string): void {
    const cell = this.cells.get(id);
    if (!cell || cell.kind !== "node") return;
    if (this.open.has(id)) this.open.delete(id);
    else this.open.add(id);
    const old = this.rows.get(id);
    const row = this.render(cell);
    old?.replaceWith(row);
    row.focus();
    this.onStateChange();
  }

  private fillBody(id: string, row: HTMLElement): void {
    const body = row.querySelector<HTMLElement>(".cell-body");
    if (!body) return;
    const cached = this.details.get(id);
    if (cached) body.replaceChildren(this.detailView(id, cached));
    else {
      body.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
      send({ type: "loadDetail", id });
    }
  }

  private detailView(id: string, detail: CellDetail): HTMLElement {
    return renderDetail(detail, this.open.has(`${id}/input`), (open) => {
      if (open) this.open.add(`${id}/input`);
      else this.open.delete(`${id}/input`);
      this.onStateChange();
    });
  }

  /** A running cell's elapsed time ticks while it runs; the timer stops when nothing runs. */
  private updateTick(): void {
    if (this.running.size && this.tick === undefined) {
      this.tick = window.setInterval(() => {
        for (const id of this.running) {
          const cell = this.cells.get(id);
          const span = this.rows.get(id)?.querySelector(".elapsed");
          if (cell?.kind === "node" && span) span.textContent = duration(Date.now() - cell.startedAt);
        }
      }, 500);
    } else if (!this.running.size && this.tick !== undefined) {
      window.clearInterval(this.tick);
      this.tick = undefined;
    }
  }

  private onKey(event: KeyboardEvent): void {
    const row = (event.target as HTMLElement).closest<HTMLElement>(".cell");
    if (!row || event.target !== row) return;
    const move = (to: Element | null | undefined) => {
      if (to instanceof HTMLElement) {
        event.preventDefault();
        to.focus();
        to.scrollIntoView({ block: "nearest" });
      }
    };
    if (event.key === "ArrowDown" || event.key === "j") move(row.nextElementSibling);
    else if (event.key === "ArrowUp" || event.key === "k") move(row.previousElementSibling);
    else if (event.key === "Home") move(this.target.firstElementChild);
    else if (event.key === "End") move(this.target.lastElementChild);
    else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.toggle(row.dataset.id ?? "");
    }
  }
}
