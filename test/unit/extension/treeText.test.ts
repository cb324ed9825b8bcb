import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { visibleString } from "../../../src/core/visibleText";
import { markdownText } from "../../../src/extension/tree/markdownText";
import { rowText } from "../../../src/extension/tree/rowText";

// A CommonMark renderer (installed with vsce) stands in for the hover's; HTML off, as in our tooltips.
const MarkdownIt = createRequire(import.meta.url)("markdown-it");
const md = new MarkdownIt({ html: false, linkify: true });

/**
 * What a tooltip shows for `markdown`: rendered, then VS Code's theme-icon pass over the HTML (an
 * unescaped `$(name)` becomes an icon, drawn here as ⟨icon:name⟩; `\$(name)` the text `$(name)`), then
 * the text a reader sees. Anything left formatted (a tag) is reported as such.
 */
function shown(markdown: string): string {
  const html = md.renderInline(markdown).replace(/(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g, (_: string, escaped: string, name: string) => (escaped ? `$(${name})` : `⟨icon:${name}⟩`));
  return html
    .replace(/<br>\n?/g, "\n")
    .replace(/<(\/?)([a-z]+)[^>]*>/g, "⟨$1$2⟩")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\u00A0/g, " ");
}

const HOSTILE = [
  "**bold** _it_ `code` ~~strike~~",
  "[click](https://example.com) ![img](x.png) https://example.com www.example.com",
  "<b>html</b> <img src=x onerror=alert(1)> &lt;entity&gt; &amp;",
  "$(error) $(sync~spin) \\$(pass) $(not an icon",
  "# heading",
  "1. list",
  "- item",
  "> quote",
  "a | b | c",
  "C:\\Users\\me\\my_graph.graph.ts",
  "node\\_with\\_backslashes",
  "multi-line error\n===\nsecond line\n    indented",
];

describe("Threads view: text from a graph in tooltips and rows", () => {
  it("a tooltip shows hostile names and messages as the characters they are: no formatting, link, entity or icon", () => {
    for (const text of HOSTILE) assert.equal(shown(markdownText(text)), text, JSON.stringify(text));
  });

  it("a tooltip shows bidi, zero-width and control characters as escapes", () => {
    for (const text of ["RTL\u202Eedoc", "zero\u200Bwidth", "nul\u0000bell\u0007", "fake\u2028line", "over\rwrite"]) {
      assert.equal(shown(markdownText(text)), visibleString(text), JSON.stringify(text));
      assert.match(shown(markdownText(text)), /\\u[0-9A-F]{4}/);
    }
  });

  it("without theme icons, `$(` needs no extra backslash", () => {
    assert.equal(md.renderInline(markdownText("$(error)", { themeIcons: false })), "$(error)");
  });

  it("a row's label or description is one line, with line breaks, tabs and invisible characters as escapes", () => {
    assert.equal(rowText("plan"), "plan");
    assert.equal(rowText("a\nb\tc\r\nd"), "a\\u000Ab\\u0009c\\u000D\\u000Ad");
    assert.equal(rowText("\u202Eedon"), "\\u202Eedon");
    assert.equal(rowText("**not bold** $(error) <b>"), "**not bold** $(error) <b>", "rows are plain text: Markdown and icons are not drawn there");
    for (const text of HOSTILE) assert.doesNotMatch(rowText(text), /[\n\r\t\u2028\u2029\u202A-\u202E]/);
  });
});
