import { visibleParts, visibleString } from "../../src/core/visibleText";

/** Attributes whose values are read or spoken to the user (they get escapes too). */
const SHOWN_ATTRS = new Set(["title", "aria-label"]);

/**
 * Builds elements from text only: content goes in as text nodes, never as HTML, so state values and
 * logs written by graph code (`<script>`, `<img onerror>`) show as the characters they are, and
 * bidi controls, zero-width and control characters in them show as escapes (`\u202E`) instead of reordering or
 * hiding what is around them.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { class?: string; text?: string; attrs?: Record<string, string> } = {},
  children: (Node | undefined | false)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text !== undefined) node.append(text(options.text));
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, SHOWN_ATTRS.has(name) ? visibleString(value) : value);
  for (const child of children) if (child) node.append(child);
  return node;
}

/**
 * `value` as nodes to append: its text, with each invisible character (see visibleText) as a distinct
 * `\uXXXX` escape. Every piece of user data the panel shows goes through here.
 */
export function text(value: string): Node {
  const parts = visibleParts(value);
  if (parts.length === 1 && !parts[0]!.escape) return document.createTextNode(value);
  const fragment = document.createDocumentFragment();
  for (const part of parts) {
    if (!part.escape) fragment.append(part.text);
    else {
      const escape = document.createElement("span");
      escape.className = "invisible-char";
      escape.textContent = part.text;
      escape.title = `U+${part.text.slice(2)}: an invisible, control or text-direction character, shown as an escape`;
      fragment.append(escape);
    }
  }
  return fragment;
}

/** Sets an element's content to `value` (as `text` shows it). */
export function setText(node: Element, value: string): void {
  node.replaceChildren(text(value));
}

export function button(label: string, onClick: () => void, options: { class?: string; title?: string; disabled?: boolean } = {}): HTMLButtonElement {
  const b = el("button", { class: options.class ?? "", text: label, attrs: { type: "button", ...(options.title ? { title: options.title } : {}) } });
  b.disabled = options.disabled ?? false;
  b.addEventListener("click", (event) => {
    event.stopPropagation();
    // A disabled button gets no click from the mouse or the keyboard; one disabled after this was
    // queued does nothing either.
    if (b.disabled) return;
    onClick();
  });
  return b;
}

const SVG = "http://www.w3.org/2000/svg";
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, content?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  // SVG text holds no styled spans here: the escape is shown as plain characters.
  if (content !== undefined) node.textContent = visibleString(content);
  return node;
}
