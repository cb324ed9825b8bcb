import { visibleString } from "../../core/visibleText";

/**
 * Text from a graph (a node's name, an error message, a path) for a tooltip's Markdown: it reads as
 * the characters it holds, never as formatting, a link, an HTML entity or a theme icon.
 *
 * Every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped, so
 * `**`, `[x](y)`, `&lt;`, `===` under a line, `1.` and `<b>` stay text). Theme icons are different:
 * VS Code turns `$(name)` into an icon in the HTML that Markdown rendered, after Markdown's escapes
 * are gone, unless a backslash is left before it; so an icon's `$(name)` gets a backslash of its own
 * (escaped, with everything else) and comes out of Markdown as `\$(name)`, which VS Code draws as
 * `$(name)`. Invisible and control characters show as escapes (see visibleText); line breaks stay line
 * breaks (a multi-line error reads as it was written).
 */
export function markdownText(text: string, options: { themeIcons: boolean } = { themeIcons: true }): string {
  return visibleString(text)
    .split(/\r?\n/)
    .map((line) => (options.themeIcons ? line.replace(ICON, "\\$&") : line))
    .map((line) => line.replace(/[!-/:-@[-`{-~]/g, "\\$&"))
    // Markdown drops a line's leading spaces; an indented line of a stack or a message keeps them.
    .map((line) => line.replace(/^ +/, (spaces) => "&nbsp;".repeat(spaces.length)))
    .join("  \n");
}

/** What VS Code draws as an icon (its iconNameExpression and iconModifierExpression). */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;
