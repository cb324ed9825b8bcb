import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Written by the Playwright benchmark of the real VS Code (`npm run bench:editor`, bench/editor/); read,
 * never written, here. Its file first; `bench/editor-results.json` in this module's own shape also serves.
 */
export const EDITOR_RESULTS = [join(__dirname, "editor", "results.json"), join(__dirname, "editor-results.json")];

/** One editor target as shown here. */
export interface EditorTarget {
  target: string;
  /** What was measured, in words, with the values. */
  measured: string;
  /** The figure compared with the target (ms, frames/s…). */
  value: number;
  met: boolean;
}

/** A target as bench/editor/editorBench.mjs writes it. */
interface EditorBenchTarget {
  name: string;
  measured: number | null;
  unit: string;
  limit: string;
  met: boolean;
  note?: string;
}

/** The issue's editor targets: the rows shown when the editor benchmark has not run. */
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

export function readEditorResults(files = EDITOR_RESULTS): EditorResults {
  const file = files.find((f) => existsSync(f));
  if (!file) return { source: files[0]!, targets: [], missing: "not measured in this run — run npm run bench:editor" };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { at?: string; measuredAt?: string; label?: string; targets?: (EditorTarget | EditorBenchTarget)[] };
    if (!Array.isArray(parsed.targets)) throw new Error("no targets array");
    const targets = parsed.targets.map((t): EditorTarget => {
      if (!("name" in t)) return t;
      const value = t.measured ?? Number.NaN;
      return { target: `editor: ${t.name} (${t.limit})`, measured: `${t.measured === null ? "never (timed out)" : `${t.measured} ${t.unit}`}${t.note ? ` — ${t.note}` : ""}`, value, met: t.met };
    });
    const at = parsed.at ?? parsed.measuredAt;
    return { source: file, ...(at ? { measuredAt: `${at}${parsed.label ? `, "${parsed.label}"` : ""}` } : {}), targets };
  } catch (error) {
    // A file we cannot read is reported, not ignored (and not fatal: the other scenarios still stand).
    return { source: file, targets: [], missing: `${file} is unreadable (${(error as Error).message}) — rerun npm run bench:editor` };
  }
}
