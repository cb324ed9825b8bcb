import { escapeOf, visibleString } from "../../core/visibleText";

/**
 * Text from a graph (a node's name, a state key, a graph file's path, an error) as one line of a
 * Threads view row: its label or description. A row is plain text, but a bidi override would reorder
 * it, a zero-width or control character hide part of it and a line break cut it; each is shown as its
 * escape (`\u202E`, `\u000A`), as the run panel shows them.
 */
export function rowText(text: string): string {
  return visibleString(text).replace(/[\t\n\r]/g, escapeOf);
}
