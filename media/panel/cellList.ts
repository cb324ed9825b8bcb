import type { CellDetail, CellSummary } from "../../src/core/protocol/panelMessages";
import { renderCell } from "./cellView";
import { renderDetail } from "./cellDetailView";
import { fieldOfPath, answerFields } from "./answerFields";
import { newDraft, renderQuestion, type QuestionDraft } from "./questionView";
import { el } from "./dom";
import { duration } from "./format";
import { send } from "./vscodeApi";

/** Details kept for reopening without asking again (the rest is asked for when opened). */
const DETAIL_CACHE = 200;
/** A closed row's height until it is measured (rows are one line; opened ones are measured). */
const ROW = 36;
/** Rows drawn beyond each edge of the screen. */
const OVERSCAN = 8;
/** Cells asked for at a time, and the most pages held (the rest are asked for again when shown). */
const PAGE = 200;
const PAGES_KEPT = 60;

/**
 * The cells, in journal order, as a virtual list: the list knows how many cells the thread has, holds
 * only pages of them (asked for from the extension as they scroll into view) and draws only the rows on
 * screen, so a 100,000-step thread costs what a screenful does. Rows are one line high until opened;
 * opened rows are measured. Arrow keys, Page Up/Down, Home and End move between cells (scrolling the
 * list and fetching as needed), Enter or Space opens or closes one. While it is scrolled to the end it
 * follows the newest cells.
 */
export class CellList {
  /** The cells held, by index. */
  private readonly cells = new Map<number, CellSummary>();
  private readonly indexOf = new Map<string, number>();
  private readonly asked = new Set<number>();
  private readonly details = new Map<string, CellDetail>();
  /** Measured heights that differ from ROW, by index. */
  private readonly heights = new Map<number, number>();
  private offsets?: Float64Array;
  private readonly rows = new Map<number, { el: HTMLElement; cell?: CellSummary; open: boolean }>();
  private readonly canvas = el("div", { class: "cell-canvas" });
  private readonly empty = el("p", { class: "muted empty", text: "No node has run in this thread yet." });
  private readonly resize = new ResizeObserver((entries) => this.measured(entries));
  private total = 0;
  private focusIndex?: number;
  private drawQueued = false;
  private tick?: number;
  /** Keep the newest cell in view as cells arrive (true while scrolled to the end). */
  follow = false;
  /** What the question cells' forms hold, by cell id (kept while their rows come and go). */
  private readonly drafts = new Map<string, QuestionDraft>();
  /** Whether a question can be answered now, and why not (from the thread's header). */
  private answering: { canAnswer: boolean; why?: string } = { canAnswer: false };
  /** A position to bring back (after a reload), held until the list is long enough to reach it. */
  private restoreTop?: number;

  constructor(
    readonly scroller: HTMLElement,
    /** Open cells and open input sections (`<id>/input`), saved with the webview state. */
    readonly open: Set<string>,
    private readonly onStateChange: () => void,
  ) {
    scroller.classList.add("cell-scroller");
    scroller.setAttribute("role", "feed");
    scroller.setAttribute("aria-label", "Executed nodes, one cell per node per step");
    scroller.setAttribute("aria-busy", "false");
    scroller.replaceChildren(this.canvas);
    scroller.addEventListener("keydown", (event) => this.onKey(event));
    scroller.addEventListener("scroll", () => {
      if (this.restoreTop === undefined) this.follow = this.atEnd();
      this.queueDraw();
    });
  }

  get size(): number {
    return this.total;
  }

  reset(): void {
    this.drafts.clear();
    this.cells.clear();
    this.indexOf.clear();
    this.asked.clear();
    this.details.clear();
    this.heights.clear();
    this.offsets = undefined;
    for (const row of this.rows.values()) this.resize.unobserve(row.el);
    this.rows.clear();
    this.canvas.replaceChildren();
    this.total = 0;
    this.focusIndex = undefined;
    this.restoreTop = undefined;
    this.updateTick();
  }

  /** A `cells` message: the list's length, what is stale, the cells from `start`, single replacements. */
  apply(total: number, staleFrom: number, start: number, cells: CellSummary[], patch: { i: number; cell: CellSummary }[]): void {
    const follow = this.follow;
    for (const [i, cell] of this.cells) {
      if (i < staleFrom) continue;
      this.cells.delete(i);
      if (this.indexOf.get(cell.id) === i) this.indexOf.delete(cell.id);
      this.heights.delete(i);
    }
    for (const page of [...this.asked]) if ((page + 1) * PAGE > staleFrom) this.asked.delete(page);
    for (const { i, cell } of patch) this.put(i, cell);
    cells.forEach((cell, k) => this.put(start + k, cell));
    if (total !== this.total) this.offsets = undefined;
    this.total = total;
    this.evictPages();
    if (this.restoreTop !== undefined) {
      // The list arrives in parts: scroll as far as it goes now, again when more has arrived.
      this.canvas.style.height = `${this.layout()[this.total]}px`;
      this.scroller.scrollTop = this.restoreTop;
      if (Math.abs(this.scroller.scrollTop - this.restoreTop) < 2) this.restoreTop = undefined;
      this.follow = false;
      this.draw();
    } else if (follow) this.scrollToEnd(); // the newest rows are the ones to draw, not those where the end was
    else this.draw();
  }

  /** Brings back a scroll position (a reloaded panel), as soon as the list reaches that far. */
  restore(top: number): void {
    this.restoreTop = top;
    this.follow = false;
  }

  /** Shows the newest cells and keeps following them. */
  scrollToEnd(): void {
    this.follow = true;
    this.canvas.style.height = `${this.layout()[this.total]}px`;
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.draw();
  }

  showDetail(id: string, detail: CellDetail | undefined, error: string | undefined): void {
    if (detail) {
      this.details.set(id, detail);
      if (this.details.size > DETAIL_CACHE) this.details.delete(this.details.keys().next().value!);
    }
    const i = this.indexOf.get(id);
    const body = i === undefined ? undefined : this.rows.get(i)?.el.querySelector<HTMLElement>(".cell-body");
    if (!body || !this.open.has(id)) return;
    body.replaceChildren(detail ? this.detailView(id, detail) : el("p", { class: "thread-error", text: error ?? "No details." }));
  }

  /** Draws the rows on screen (and a few beyond), asking for the pages it does not hold. */
  draw(): void {
    const offsets = this.layout();
    this.canvas.style.height = `${offsets[this.total]}px`;
    this.scroller.setAttribute("aria-busy", "false");
    if (this.total === 0) {
      this.canvas.replaceChildren(this.empty);
      this.rows.clear();
      return;
    }
    this.empty.remove();
    const top = this.scroller.scrollTop;
    const bottom = top + this.scroller.clientHeight;
    const first = Math.max(0, this.indexAt(top) - OVERSCAN);
    const last = Math.min(this.total - 1, this.indexAt(bottom) + OVERSCAN);
    const wanted = new Set<number>();
    for (let i = first; i <= last; i++) wanted.add(i);
    // The focused row stays drawn while it is off screen, so the keyboard does not lose its place.
    if (this.focusIndex !== undefined && this.focusIndex < this.total) wanted.add(this.focusIndex);
    for (const [i, row] of this.rows) {
      if (wanted.has(i)) continue;
      this.resize.unobserve(row.el);
      row.el.remove();
      this.rows.delete(i);
    }
    const missing = new Set<number>();
    for (const i of wanted) {
      const cell = this.cells.get(i);
      if (!cell) missing.add(Math.floor(i / PAGE));
      const open = cell !== undefined && this.open.has(cell.id);
      const row = this.rows.get(i);
      if (row && row.cell === cell && row.open === open) {
        row.el.style.top = `${offsets[i]}px`;
        continue;
      }
      const hadFocus = row?.el.contains(document.activeElement) ?? false;
      const element = cell ? this.renderRow(cell, open) : el("div", { class: "cell placeholder", text: "…", attrs: { tabindex: "-1", "aria-label": `cell ${i + 1}, loading` } });
      element.dataset.index = String(i);
      element.setAttribute("aria-posinset", String(i + 1));
      element.setAttribute("aria-setsize", String(this.total));
      element.style.top = `${offsets[i]}px`;
      if (row) {
        this.resize.unobserve(row.el);
        row.el.replaceWith(element);
      } else this.canvas.append(element);
      this.rows.set(i, { el: element, cell, open });
      this.resize.observe(element);
      if (hadFocus || (this.focusIndex === i && cell && !this.scroller.contains(document.activeElement))) element.focus({ preventScroll: true });
    }
    for (const page of missing) this.ask(page);
    this.updateTick();
  }

  /** Moves the keyboard focus to cell `i`, scrolling it into view (and asking for it when not held). */
  focusCell(i: number): void {
    if (this.total === 0) return;
    i = Math.max(0, Math.min(this.total - 1, i));
    this.focusIndex = i;
    const offsets = this.layout();
    const top = offsets[i]!;
    const bottom = offsets[i + 1]!;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (bottom > this.scroller.scrollTop + this.scroller.clientHeight) this.scroller.scrollTop = bottom - this.scroller.clientHeight;
    this.follow = this.atEnd();
    this.draw();
    this.rows.get(i)?.el.focus({ preventScroll: true });
  }

  /** The cells held now that are drawn (for tests: the DOM holds only these). */
  get drawnRows(): number {
    return this.rows.size;
  }

  private put(i: number, cell: CellSummary): void {
    const old = this.cells.get(i);
    if (old && old.id !== cell.id && this.indexOf.get(old.id) === i) this.indexOf.delete(old.id);
    if (old && old !== cell) this.details.delete(cell.id);
    this.cells.set(i, cell);
    this.indexOf.set(cell.id, i);
  }

  private ask(page: number): void {
    if (this.asked.has(page)) return;
    this.asked.add(page);
    send({ type: "loadCells", start: page * PAGE, count: PAGE });
  }

  /** Forgets the pages farthest from the screen when too many are held (they are asked for again). */
  private evictPages(): void {
    const held = new Set<number>();
    for (const i of this.cells.keys()) held.add(Math.floor(i / PAGE));
    if (held.size <= PAGES_KEPT) return;
    const here = Math.floor(this.indexAt(this.scroller.scrollTop) / PAGE);
    const far = [...held].sort((a, b) => Math.abs(b - here) - Math.abs(a - here)).slice(0, held.size - PAGES_KEPT);
    const drop = new Set(far);
    for (const [i, cell] of this.cells) {
      if (!drop.has(Math.floor(i / PAGE)) || this.open.has(cell.id)) continue;
      this.cells.delete(i);
      if (this.indexOf.get(cell.id) === i) this.indexOf.delete(cell.id);
    }
    for (const page of drop) this.asked.delete(page);
  }

  /** Each row's top (and the list's height at [total]), from ROW and the measured heights. */
  private layout(): Float64Array {
    if (this.offsets && this.offsets.length === this.total + 1) return this.offsets;
    const offsets = new Float64Array(this.total + 1);
    let y = 0;
    for (let i = 0; i < this.total; i++) {
      offsets[i] = y;
      y += this.heights.get(i) ?? ROW;
    }
    offsets[this.total] = y;
    this.offsets = offsets;
    return offsets;
  }

  private indexAt(y: number): number {
    const offsets = this.layout();
    let lo = 0;
    let hi = Math.max(0, this.total - 1);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid]! <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private atEnd(): boolean {
    return this.scroller.scrollTop + this.scroller.clientHeight >= this.scroller.scrollHeight - 4;
  }

  private queueDraw(): void {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      this.draw();
    });
  }

  /** Rows whose height changed (opened, details loaded, wrapped): the list is laid out again. */
  private measured(entries: ResizeObserverEntry[]): void {
    let changed = false;
    let shift = 0;
    const top = this.scroller.scrollTop;
    const offsets = this.layout();
    for (const entry of entries) {
      const element = entry.target as HTMLElement;
      const i = Number(element.dataset.index);
      if (!element.isConnected || !Number.isInteger(i) || this.rows.get(i)?.el !== element) continue;
      const h = Math.ceil(element.getBoundingClientRect().height) + 4;
      const old = this.heights.get(i) ?? ROW;
      if (Math.abs(h - old) < 1) continue;
      if (h === ROW) this.heights.delete(i);
      else this.heights.set(i, h);
      if (offsets[i]! + old <= top) shift += h - old; // above the screen: keep what is shown in place
      changed = true;
    }
    if (!changed) return;
    this.offsets = undefined;
    if (shift) this.scroller.scrollTop = top + shift;
    if (this.follow) this.scroller.scrollTop = this.scroller.scrollHeight;
    this.queueDraw();
  }

  /** The thread's status and trust changed: question forms are enabled or disabled accordingly. */
  setAnswering(answering: { canAnswer: boolean; why?: string }): void {
    if (answering.canAnswer === this.answering.canAnswer && answering.why === this.answering.why) return;
    this.answering = answering;
    for (const [i, row] of this.rows) if (row.cell?.kind === "question") this.redrawRow(i);
  }

  /** The host's word on an answer sent from a question's form: on its way, or refused (shown by the field it is about). */
  answerResult(id: string, sent: boolean, error: string | undefined, path: string | undefined): void {
    const draft = this.drafts.get(id);
    const i = this.indexOf.get(id);
    const cell = i === undefined ? undefined : this.cells.get(i);
    if (!draft || cell?.kind !== "question") return;
    draft.sending = sent;
    if (!sent) {
      const field = draft.mode === "json" ? "" : fieldOfPath(answerFields(cell.schema), path ?? "");
      draft.errors = { [field]: error ?? "The answer was not sent." };
      draft.focus = field;
    }
    this.redrawRow(i!);
  }

  private redrawRow(i: number): void {
    const row = this.rows.get(i);
    if (row) row.cell = undefined; // drawn again from the cell, with its draft
    this.draw();
  }

  private renderRow(cell: CellSummary, open: boolean): HTMLElement {
    if (cell.kind === "question") {
      if (cell.answer) this.drafts.delete(cell.id);
      let draft = this.drafts.get(cell.id);
      if (!draft) this.drafts.set(cell.id, (draft = newDraft(cell)));
      return renderQuestion(cell, draft, {
        ...this.answering,
        redraw: () => {
          const i = this.indexOf.get(cell.id);
          if (i !== undefined) this.redrawRow(i);
        },
        submit: (value) => send({ type: "answer", id: cell.id, value }),
      });
    }
    const row = renderCell(cell, open, () => this.toggle(cell.id));
    if (open) this.fillBody(cell.id, row);
    return row;
  }

  private toggle(id: string): void {
    const i = this.indexOf.get(id);
    const cell = i === undefined ? undefined : this.cells.get(i);
    if (i === undefined || !cell || cell.kind !== "node") return;
    if (this.open.has(id)) this.open.delete(id);
    else this.open.add(id);
    this.focusIndex = i;
    this.draw();
    this.rows.get(i)?.el.focus({ preventScroll: true });
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

  /** A running cell's elapsed time ticks while it is drawn; the timer stops when none is. */
  private updateTick(): void {
    const running = [...this.rows.values()].some((r) => r.cell?.kind === "node" && r.cell.status === "running");
    if (running && this.tick === undefined) {
      this.tick = window.setInterval(() => {
        for (const row of this.rows.values()) {
          const cell = row.cell;
          const span = row.el.querySelector(".elapsed");
          if (cell?.kind === "node" && cell.status === "running" && span) span.textContent = duration(Date.now() - cell.startedAt);
        }
      }, 500);
    } else if (!running && this.tick !== undefined) {
      window.clearInterval(this.tick);
      this.tick = undefined;
    }
  }

  private onKey(event: KeyboardEvent): void {
    const row = (event.target as HTMLElement).closest<HTMLElement>(".cell");
    if (!row || event.target !== row) return;
    const i = Number(row.dataset.index);
    if (!Number.isInteger(i)) return;
    const screen = Math.max(1, Math.floor(this.scroller.clientHeight / ROW) - 1);
    const to: Record<string, number> = { ArrowDown: i + 1, j: i + 1, ArrowUp: i - 1, k: i - 1, PageDown: i + screen, PageUp: i - screen, Home: 0, End: this.total - 1 };
    if (event.key in to) {
      event.preventDefault();
      this.focusCell(to[event.key]!);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const cell = this.cells.get(i);
      if (cell) this.toggle(cell.id);
    }
  }
}
