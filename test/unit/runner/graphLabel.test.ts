import assert from "node:assert/strict";
import { posix, win32 } from "node:path";
import { graphLabelFor } from "../../../src/runner/runGraphThread";

/** How a thread records its graph file: relative with forward slashes inside the workspace, whole outside. */
describe("the graph path a thread records", () => {
  it("on Windows: backslashes become forward slashes inside the workspace; another drive or a parent folder stays absolute", () => {
    assert.equal(graphLabelFor("C:\\work\\app", "C:\\work\\app\\flows\\mail.graph.ts", win32), "flows/mail.graph.ts");
    assert.equal(graphLabelFor("C:\\work\\app", "c:\\work\\app\\flows\\mail.graph.ts", win32), "flows/mail.graph.ts", "drive letters compare without case");
    assert.equal(graphLabelFor("C:\\work\\app", "D:\\shared\\mail.graph.ts", win32), "D:\\shared\\mail.graph.ts");
    assert.equal(graphLabelFor("C:\\work\\app", "C:\\work\\other\\mail.graph.ts", win32), "C:\\work\\other\\mail.graph.ts");
    assert.equal(graphLabelFor("C:\\work\\app", "C:\\work\\app\\..flows\\x.graph.ts", win32), "..flows/x.graph.ts", "a folder named ..flows is inside");
    // Recorded on Windows, the label resolves back to the file there.
    assert.equal(win32.resolve("C:\\work\\app", "flows/mail.graph.ts"), "C:\\work\\app\\flows\\mail.graph.ts");
  });

  it("on Linux and macOS: relative inside the workspace, absolute outside", () => {
    assert.equal(graphLabelFor("/w/app", "/w/app/flows/mail.graph.ts", posix), "flows/mail.graph.ts");
    assert.equal(graphLabelFor("/w/app", "/w/other/mail.graph.ts", posix), "/w/other/mail.graph.ts");
  });
});
