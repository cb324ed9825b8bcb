/**
 * Characters that change how text around them is drawn without being drawn themselves: bidirectional
 * embeddings, overrides and isolates (U+202E makes "RTL-override" display as "edirrevo-LTR"), the
 * directional marks, and zero-width characters. Graph code writes state, logs, errors and names, so
 * drawn as-is they could make the panel show something other than what is stored.
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const ANY_INVISIBLE = new RegExp(INVISIBLE.source);

/** A run of text: drawn as-is, or an escape standing for one invisible character. */
export type TextPart = { text: string; escape?: false } | { text: string; escape: true; char: string };

/** The escape shown for an invisible character: `\u202E`. */
export function escapeOf(char: string): string {
  return `\\u${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** `text` split into plain runs and escapes (one per invisible character), in order. */
export function visibleParts(text: string): TextPart[] {
  if (!ANY_INVISIBLE.test(text)) return [{ text }];
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: escapeOf(match[0]), escape: true, char: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** `text` with each invisible character replaced by its escape (for attributes and SVG text, which hold no markup). */
export function visibleString(text: string): string {
  return ANY_INVISIBLE.test(text) ? text.replace(INVISIBLE, escapeOf) : text;
}
