import assert from "node:assert/strict";
import { escapeOf, visibleParts, visibleString } from "../../../src/core/visibleText";

const INVISIBLES = [
  ..."\u200B\u200C\u200D\u200E\u200F",
  ..."\u202A\u202B\u202C\u202D\u202E",
  ..."\u2060\u2061\u2062\u2063\u2064",
  ..."\u2066\u2067\u2068\u2069",
  "\uFEFF",
  "\u061C",
];

describe("panel: invisible characters are shown as escapes", () => {
  it("shows a right-to-left override as \\u202E, so the text after it reads as stored", () => {
    assert.equal(visibleString("\u202ERTL-override"), "\\u202ERTL-override");
    assert.deepEqual(visibleParts("a\u202ERTL-override"), [
      { text: "a" },
      { text: "\\u202E", escape: true, char: "\u202E" },
      { text: "RTL-override" },
    ]);
  });

  it("escapes every bidi control, directional mark and zero-width character", () => {
    for (const char of INVISIBLES) {
      const shown = visibleString(`x${char}y`);
      assert.equal(shown, `x${escapeOf(char)}y`, `U+${char.codePointAt(0)!.toString(16)}`);
      assert.match(shown, /^x\\u[0-9A-F]{4}y$/);
      assert.deepEqual(
        visibleParts(`x${char}y`).map((p) => p.escape === true),
        [false, true, false],
      );
    }
  });

  it("gives each of several adjacent invisibles its own escape", () => {
    assert.equal(visibleString("\u2066\u200B\u2069"), "\\u2066\\u200B\\u2069");
    assert.equal(visibleParts("\u2066\u200B\u2069").length, 3);
  });

  it("leaves ordinary text alone: right-to-left scripts, emoji, markup, newlines", () => {
    for (const text of ["", "plain", "שלום עולם", "مرحبا", "line 1\nline 2\ttab", "💻 <script>", '{\n  "a": "b"\n}']) {
      assert.equal(visibleString(text), text);
      assert.deepEqual(visibleParts(text), [{ text }]);
    }
    // A zero-width joiner is invisible too: an emoji sequence shows its parts (wrong-looking, never spoofed).
    assert.equal(visibleString("👩\u200D💻"), "👩\\u200D💻");
  });

  it("escapes control characters and line/paragraph separators, so none can hide or fake text", () => {
    const controls = [
      ...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).filter((c) => c !== "\t" && c !== "\n" && c !== "\r"),
      ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
      "\u2028",
      "\u2029",
    ];
    assert.equal(controls.length, 29 + 33 + 2);
    for (const char of controls) {
      const shown = visibleString(`x${char}y`);
      assert.equal(shown, `x${escapeOf(char)}y`, `U+${char.codePointAt(0)!.toString(16)}`);
      assert.match(shown, /^x\\u[0-9A-F]{4}y$/);
    }
    // What a user would be shown instead of a NUL, a terminal's escape sequence, a fake line break.
    assert.equal(visibleString("paid\u0000"), "paid\\u0000");
    assert.equal(visibleString("\u001B[2Kdone"), "\\u001B[2Kdone");
    assert.equal(visibleString("ok\u2028ERROR: forged"), "ok\\u2028ERROR: forged");
    assert.deepEqual(visibleParts("a\u0007b"), [{ text: "a" }, { text: "\\u0007", escape: true, char: "\u0007" }, { text: "b" }]);
  });

  it("keeps tabs, line feeds and Windows line ends, but escapes a carriage return that overwrites a line", () => {
    for (const text of ["a\tb", "a\nb", "line 1\r\nline 2\r\n"]) assert.equal(visibleString(text), text);
    assert.equal(visibleString("100%\rhidden"), "100%\\u000Dhidden");
    assert.equal(visibleString("a\r\r\nb"), "a\\u000D\r\nb");
  });

  it("can be called again and again (no regex state carried between calls)", () => {
    for (let i = 0; i < 3; i++) assert.equal(visibleString("a\u202Eb"), "a\\u202Eb");
  });
});
