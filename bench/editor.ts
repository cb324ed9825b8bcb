import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Written by the Playwright benchmark of the real VS Code (`npm run bench:editor`); read, never written, here. */
export const EDITOR_RESULTS = join(__dirname, "editor-results.json");

/**
 * One editor target as bench/editor-results.json states it. The file holds
 * `{ "measuredAt"?: string, "machine"?: string, "targets": EditorTarget[] }`.
 */
export interface EditorTarget {
  target: string;
  /** What was measured, in words, with the values. */
  measured: string;
  /** The figure compared with the target (ms, frames/s…). */
  value: number;
  met: boolean;
}

/** The editor targets: the rows shown when the editor benchmark has not run. */
export const EDITOR_TARGETS = [
  "editor: a 3,000-step fast graph's final status in the view, status bar and panel ≤ 1 s after the runner finishes",
  "editor: Cancel Run's picker appears ≤ 1 s at any moment of the run",
  "editor: the panel lags the store by ≤ 0.5 s during the run",
  "editor: a finished 10,000-step thread's panel shows its cells ≤ 1 s after opening",
  "editor: that panel scrolls top to bottom at ≥ 30 frames/s",
  "editor: the extension's own activation ≤ 50 ms",
];

export interface EditorResults {
  source: string;
  measuredAt?: string;
  targets: EditorTarget[];
  /** Why there are no figures (the file is missing or unreadable). */
  missing?: string;
}

export function readEditorResults(file = EDITOR_RESULTS): EditorResults {
  if (!existsSync(file)) return { source: file, targets: [], missing: "not measured in this run — run npm run bench:editor" };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { measuredAt?: string; targets?: EditorTarget[] };
    if (!Array.isArray(parsed.targets)) throw new Error("no targets array");
    return { source: file, ...(parsed.measuredAt ? { measuredAt: parsed.measuredAt } : {}), targets: parsed.targets };
  } catch (error) {
    // A file we cannot read is reported, not ignored (and not fatal: the other scenarios still stand).
    return { source: file, targets: [], missing: `bench/editor-results.json is unreadable (${(error as Error).message}) — rerun npm run bench:editor` };
  }
}
