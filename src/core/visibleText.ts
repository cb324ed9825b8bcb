/**
 * Characters that change how text around them is drawn without being drawn themselves: bidirectional
 * embeddings, overrides and isolates (U+202E makes "RTL-override" display as "edirrevo-LTR"), the
 * directional marks, and zero-width characters. Graph code writes state, logs, errors and names, so
 * drawn as-is they could make the panel or the Threads view show something other than what is stored.
 *
 * Control characters too: C0 (U+0000–U+001F) but tab and line feed, DEL and C1 (U+007F–U+009F), and
 * the line and paragraph separators U+2028/U+2029. A browser draws them as nothing, as a space, or as a
 * line break the stored text does not have (a U+2028 can fake a new line of a log), so a value holding
 * them would not show what is stored. A carriage return is escaped unless a line feed follows it:
 * Windows line ends (CRLF) are ordinary, a lone CR (which a terminal uses to overwrite a line) is not.
 */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\r(?!\n)/g;
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
