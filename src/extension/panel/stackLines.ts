import { isAbsolute, relative, sep } from "node:path";

/** One line of a stack, with the location it points at when that is a file of the workspace folder. */
export interface StackLine {
  text: string;
  at?: { file: string; line: number; column: number };
  /** A frame of Durable Graphs' own bundles or of Node itself: hidden until the user asks for the whole stack. */
  internal?: boolean;
}

/** Frames that are not the user's: our bundles (minified: `async Kk (…/dist/runner.js:73:5983)`) and Node's internals. */
const INTERNAL = /(?:[\\/]dist[\\/](?:runner|cli|sdk)\.js:\d+:\d+\)?\s*$)|\(node:|\bat node:|\(<anonymous>\)\s*$|\bPromise\.(?:all|allSettled|race|any) \(index \d+\)\s*$/;

const FRAME = /\(?((?:file:\/\/)?\/[^()\s]+):(\d+):(\d+)\)?\s*$/;

/**
 * Splits a stack (already source-mapped by the runner, so its frames name the graph file's own lines)
 * and links the frames inside `folder`, outside node_modules: those are the user's code.
 */
export function stackLines(stack: string | undefined, folder: string): StackLine[] {
  if (!stack) return [];
  return stack
    .split("\n")
    .slice(0, 200)
    .map((text, index) => {
      const match = FRAME.exec(text);
      const file = match?.[1]?.replace(/^file:\/\//, "");
      if (!match || !file || !insideFolder(file, folder) || file.includes(`${sep}node_modules${sep}`)) {
        return { text: text.slice(0, 4000), ...(index > 0 && INTERNAL.test(text) ? { internal: true } : {}) };
      }
      return { text: text.slice(0, 4000), at: { file, line: Math.max(1, Number(match[2])), column: Math.max(1, Number(match[3])) } };
    });
}

/** True when `file` is `folder` or below it (no `..` escape). */
export function insideFolder(file: string, folder: string): boolean {
  if (!isAbsolute(file)) return false;
  const rel = relative(folder, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}
