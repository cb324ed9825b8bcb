import type { QuestionCell } from "../../src/core/protocol/panelMessages";
import { answerIssues } from "./answerCheck";
import { answerFields, collectAnswer, fieldId, fieldOfPath, initialValues, type AnswerField, type FieldValues } from "./answerFields";
import { button, el } from "./dom";
import { time } from "./format";

/**
 * What the user has put into a question's form, kept by the cell list apart from the row: a row is drawn
 * again when it scrolls back into view or the cell is updated, and what was typed must survive that.
 */
export interface QuestionDraft {
  values: FieldValues;
  /** "json": the whole answer in one JSON editor (what the form cannot express). */
  mode: "form" | "json";
  json: string;
  /** Field errors, by field id ("" the whole answer). */
  errors: Record<string, string>;
  /** Sent, waiting for the answer to be journalled (or refused). */
  sending: boolean;
  /** The field to focus once drawn (the first one in error). */
  focus?: string;
}

export function newDraft(cell: QuestionCell): QuestionDraft {
  return { values: initialValues(cell.schema, answerFields(cell.schema)), mode: "form", json: "", errors: {}, sending: false };
}

/** Whether the form can send: the thread must be stopped (not running, not finished) and the workspace trusted. */
export interface AnswerContext {
  canAnswer: boolean;
  /** Why it cannot, shown under the form. */
  why?: string;
  /** Draws the cell again (after the draft changed in a way the form must show). */
  redraw: () => void;
  submit: (value: unknown) => void;
}

/** A question cell: the payload (read-only JSON), then the answer given, or a form built from the schema. */
export function renderQuestion(cell: QuestionCell, draft: QuestionDraft, context: AnswerContext): HTMLElement {
  const answered = cell.answer !== undefined;
  const state = answered ? "answered" : "waiting";
  const label = `${cell.node} asks, step ${cell.step}: ${answered ? "answered" : "waiting for input"}`;
  const body = el("div", { class: "question-body" }, [
    el("h3", { text: "Question" }),
    cell.refused ? el("p", { class: "field-error question-refused", text: `Asked again: ${cell.refused}` }) : undefined,
    cell.value !== undefined ? el("pre", { class: "value question-value", attrs: { "aria-label": `question of ${cell.node}` } , text: cell.value }) : el("p", { class: "muted", text: "Asked with no payload." }),
    answered ? answerView(cell) : formView(cell, draft, context),
  ]);
  return el("article", { class: `cell question-cell status-${state}`, attrs: { "data-id": cell.id, tabindex: "0", "aria-label": label } }, [
    el("div", { class: "cell-head" }, [
      el("span", { class: "prompt", text: "[?]", attrs: { "aria-hidden": "true" } }),
      el("span", { class: "node-name", text: cell.node }),
      el("span", { class: `badge badge-${state}`, text: answered ? "answered" : "waiting for input" }),
      el("span", { class: "meta", text: `step ${cell.step} · asked ${time(cell.at)}` }),
    ]),
    body,
  ]);
}

function answerView(cell: QuestionCell): HTMLElement {
  const a = cell.answer!;
  return el("section", { class: "answer" }, [
    el("h3", { text: "Answer" }),
    el("pre", { class: "value answer-value", text: a.value ?? "(no value: go on)", attrs: { "aria-label": `answer to ${cell.node}` } }),
    el("p", { class: "muted answered-by", text: `Answered${a.by ? ` by ${a.by}` : ""} · ${time(a.at)}` }),
  ]);
}

function formView(cell: QuestionCell, draft: QuestionDraft, context: AnswerContext): HTMLElement {
  const fields = answerFields(cell.schema);
  const prefix = `${cell.id}-answer`;
  const disabled = !context.canAnswer || draft.sending;
  const form = el("form", { class: "answer-form", attrs: { "aria-label": `Answer to ${cell.node}`, novalidate: "" } });
  const controls: HTMLElement[] = [];
  if (draft.mode === "json") {
    const whole: AnswerField = { label: "Answer", kind: "json", optional: false };
    controls.push(fieldView(whole, `${prefix}-json`, draft.json, draft.errors[""], (v) => (draft.json = String(v)), disabled));
  } else {
    fields.forEach((f, i) => {
      const id = fieldId(f);
      controls.push(fieldView(f, `${prefix}-${i}`, draft.values[id], draft.errors[id], (v) => (draft.values[id] = v), disabled));
    });
    // An issue with the answer as a whole (no field of its own): under the fields.
    const whole = draft.errors[""];
    if (whole && !fields.some((f) => fieldId(f) === "")) controls.push(el("p", { class: "field-error form-error", text: whole, attrs: { role: "alert" } }));
  }
  const send = el("button", { class: "send-answer", text: draft.sending ? "Sending…" : "Send Answer", attrs: { type: "submit", title: "Resume the thread with this answer (Ctrl+Enter)" } });
  send.disabled = disabled;
  const toggle = button(draft.mode === "json" ? "Use the Form" : "Edit as JSON", () => {
    if (draft.mode === "form") {
      const collected = collectAnswer(fields, draft.values);
      draft.json = "value" in collected ? JSON.stringify(collected.value, null, 2) ?? "" : draft.json;
      draft.mode = "json";
    } else draft.mode = "form";
    draft.errors = {};
    context.redraw();
  }, { class: "secondary", title: "Write the whole answer as JSON, or go back to the form", disabled });
  // Without a schema the answer is JSON already: there is no form to switch from.
  form.append(...controls, el("div", { class: "form-actions" }, cell.schema ? [send, toggle] : [send]));
  if (!context.canAnswer && context.why) form.append(el("p", { class: "muted answer-why", text: context.why }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(cell, fields, draft, context);
  });
  form.addEventListener("keydown", (event) => {
    // Ctrl/Cmd+Enter sends from a text area too (Enter there is a new line).
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit(cell, fields, draft, context);
    }
  });
  if (draft.focus !== undefined) {
    const target = draft.focus;
    draft.focus = undefined;
    queueMicrotask(() => form.querySelector<HTMLElement>(`[data-field="${CSS.escape(target)}"]`)?.focus());
  }
  return el("section", { class: "answer-section" }, [el("h3", { text: "Your answer" }), form]);
}

/** Checks the answer (the form's own checks, then the schema's, as the runner will) and sends it. */
function submit(cell: QuestionCell, fields: AnswerField[], draft: QuestionDraft, context: AnswerContext): void {
  if (!context.canAnswer || draft.sending) return;
  let value: unknown;
  if (draft.mode === "json") {
    try {
      value = JSON.parse(draft.json) as unknown;
    } catch (error) {
      return fail(draft, context, { "": `not valid JSON: ${(error as Error).message}` });
    }
  } else {
    const collected = collectAnswer(fields, draft.values);
    if ("errors" in collected) return fail(draft, context, collected.errors);
    value = collected.value;
  }
  const issues = answerIssues(cell.schema, value);
  if (issues.length) {
    const errors: Record<string, string> = {};
    for (const issue of issues) {
      const id = draft.mode === "json" ? "" : fieldOfPath(fields, issue.path);
      const text = id === "" && issue.path ? `${issue.path}: ${issue.message}` : issue.message;
      errors[id] = errors[id] ? `${errors[id]}; ${text}` : text;
    }
    return fail(draft, context, errors);
  }
  draft.errors = {};
  draft.sending = true;
  context.redraw();
  context.submit(value);
}

function fail(draft: QuestionDraft, context: AnswerContext, errors: Record<string, string>): void {
  draft.errors = errors;
  draft.focus = draft.mode === "json" ? "" : Object.keys(errors)[0];
  context.redraw();
}

/** One labelled input with its help text and its error, tied together for screen readers. */
function fieldView(f: AnswerField, id: string, value: string | boolean | undefined, error: string | undefined, onChange: (v: string | boolean) => void, disabled: boolean): HTMLElement {
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const described = [f.description ? helpId : "", error ? errorId : ""].filter(Boolean).join(" ");
  const common: Record<string, string> = { id, "data-field": f.key ?? "" };
  if (described) common["aria-describedby"] = described;
  if (error) common["aria-invalid"] = "true";
  if (!f.optional && f.kind !== "checkbox") common["aria-required"] = "true";
  let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  if (f.kind === "checkbox") {
    input = el("input", { attrs: { ...common, type: "checkbox" } });
    input.checked = value === true;
    input.addEventListener("change", () => onChange((input as HTMLInputElement).checked));
  } else if (f.kind === "choice") {
    input = el("select", { attrs: common }, [
      el("option", { text: f.optional ? "(not set)" : "Choose…", attrs: { value: "" } }),
      ...f.options!.map((o, i) => el("option", { text: typeof o === "string" ? o : JSON.stringify(o), attrs: { value: String(i) } })),
    ]);
    input.value = typeof value === "string" ? value : "";
    input.addEventListener("change", () => onChange(input.value));
  } else if (f.kind === "textarea" || f.kind === "json") {
    input = el("textarea", { class: f.kind === "json" ? "json-editor" : "", attrs: { ...common, rows: f.kind === "json" ? "6" : "3", spellcheck: f.kind === "json" ? "false" : "true" } });
    input.value = typeof value === "string" ? value : "";
    input.addEventListener("input", () => onChange(input.value));
  } else {
    input = el("input", { attrs: { ...common, type: f.kind === "number" ? "number" : "text", ...(f.kind === "number" ? { step: f.integer ? "1" : "any" } : {}) } });
    input.value = typeof value === "string" ? value : "";
    input.addEventListener("input", () => onChange(input.value));
  }
  input.disabled = disabled;
  const label = el("label", { attrs: { for: id } }, [
    el("span", { class: "field-name", text: f.label }),
    f.optional ? el("span", { class: "optional", text: " (optional)" }) : undefined,
    f.kind === "json" ? el("span", { class: "optional", text: " — JSON" }) : undefined,
  ]);
  return el("div", { class: `field field-${f.kind}${error ? " invalid" : ""}` }, [
    f.kind === "checkbox" ? el("div", { class: "checkbox-row" }, [input, label]) : label,
    f.kind === "checkbox" ? undefined : input,
    f.description ? el("p", { class: "help", text: f.description, attrs: { id: helpId } }) : undefined,
    error ? el("p", { class: "field-error", text: error, attrs: { id: errorId, role: "alert" } }) : undefined,
  ]);
}
