/**
 * Builds elements from text only: content goes in through `textContent`, never as HTML, so state
 * values and logs written by graph code (`<script>`, `<img onerror>`) show as the characters they are.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { class?: string; text?: string; attrs?: Record<string, string> } = {},
  children: (Node | undefined | false)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

export function button(label: string, onClick: () => void, options: { class?: string; title?: string; disabled?: boolean } = {}): HTMLButtonElement {
  const b = el("button", { class: options.class ?? "", text: label, attrs: { type: "button", ...(options.title ? { title: options.title } : {}) } });
  b.disabled = options.disabled ?? false;
  b.addEventListener("click", (event) => {
    event.stopPropagation();
    onClick();
  });
  return b;
}

const SVG = "http://www.w3.org/2000/svg";
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}
