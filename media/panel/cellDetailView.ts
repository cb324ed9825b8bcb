import type { CellDetail } from "../../src/core/protocol/panelMessages";
import { button, el } from "./dom";
import { send } from "./vscodeApi";

/**
 * An opened cell's body: the input state (collapsible), the change per key as a diff, the console
 * output, errors with their stacks (frames in the workspace open the line), the tasks' results.
 * Every value is set as text.
 */
export function renderDetail(detail: CellDetail, inputOpen: boolean, onInputToggle: (open: boolean) => void): HTMLElement {
  const input = el("details", { class: "section input" }, [el("summary", { text: "Input state" }), el("pre", { class: "value", text: detail.input })]);
  input.open = inputOpen;
  input.addEventListener("toggle", () => onInputToggle(input.open));
  const parts: (HTMLElement | false)[] = [input];
  if (detail.changes.length) {
    parts.push(
      el("section", { class: "section changes" }, [
        el("h3", { text: "Changes" }),
        ...detail.changes.map((c) =>
          el("div", { class: "change" }, [
            el("div", { class: "change-key", text: c.key }),
            c.before !== undefined ? el("pre", { class: "diff removed", text: prefix("- ", c.before), attrs: { "aria-label": `${c.key} before` } }) : el("pre", { class: "diff absent", text: "  (not set before)" }),
            c.after !== undefined ? el("pre", { class: "diff added", text: prefix("+ ", c.after), attrs: { "aria-label": `${c.key} after` } }) : undefined,
            c.returned !== undefined && c.returned !== c.after ? el("pre", { class: "diff returned", text: prefix("  returned ", c.returned) }) : undefined,
          ]),
        ),
      ]),
    );
  } else parts.push(el("p", { class: "section muted", text: "No state change." }));
  if (detail.logs.length) {
    parts.push(
      el("section", { class: "section output" }, [
        el("h3", { text: "Output" }),
        el("pre", { class: "logs" }, detail.logs.map((l) => el("span", { class: `log log-${l.level}`, text: `${l.level === "info" ? "" : `[${l.level}] `}${l.message}\n` }))),
      ]),
    );
  }
  for (const e of detail.errors) {
    parts.push(
      el("section", { class: `section error${e.final ? "" : " retried"}` }, [
        el("h3", { text: `${e.final ? "Error" : "Retried after"} (attempt ${e.attempt}) ${e.code}` }),
        el("pre", { class: "error-message", text: e.message }),
        ...stackView(e.stack),
      ]),
    );
  }
  if (detail.tasks.length) {
    parts.push(el("section", { class: "section tasks" }, [el("h3", { text: "Tasks (recorded results)" }), ...detail.tasks.map((t) => el("pre", { class: "value", text: `${t.name}: ${t.value}` }))]));
  }
  return el("div", { class: "detail" }, parts.filter((p): p is HTMLElement => p !== false));
}

type StackLine = CellDetail["errors"][number]["stack"][number];

/**
 * A stack with the user's frames only (frames in the workspace open the line); Durable Graphs' own
 * frames (its minified runner) and Node's are one click away.
 */
function stackView(stack: readonly StackLine[]): HTMLElement[] {
  const hidden = stack.filter((line) => line.internal).length;
  const pre = el("pre", { class: "stack" }, stackLines(stack, false));
  if (hidden === 0) return [pre];
  let whole = false;
  const label = () => (whole ? "Hide Durable Graphs' and Node's own frames" : `Show the whole stack (${hidden} more frame${hidden === 1 ? "" : "s"}: Durable Graphs' and Node's own)`);
  const toggle = button(label(), () => {
    whole = !whole;
    pre.replaceChildren(...stackLines(stack, whole));
    toggle.textContent = label();
  }, { class: "link stack-toggle" });
  return [pre, toggle];
}

function stackLines(stack: readonly StackLine[], whole: boolean): HTMLElement[] {
  return stack
    .filter((line) => whole || !line.internal)
    .map((line) => {
      const at = line.at;
      if (!at) return el("span", { class: line.internal ? "internal-frame" : "", text: `${line.text}\n` });
      const link = button(line.text.trim(), () => send({ type: "openLocation", ...at }), { class: "link frame", title: `Open ${at.file}:${at.line}` });
      return el("span", {}, [link, document.createTextNode("\n")]);
    });
}

function prefix(mark: string, text: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? mark : " ".repeat(mark.length)) + line)
    .join("\n");
}
