import type { SourceSite } from "./types";

/**
 * The first stack frame outside this SDK: the line of the graph file that declared a node or edge,
 * so a validation error can point at it. Stacks are source-mapped by the runner.
 */
export function callerSite(): SourceSite | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, callerSite);
  const lines = (holder.stack ?? "").split("\n").slice(1);
  for (const line of lines) {
    const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!match) continue;
    const file = match[1]!.replace(/^file:\/\//, "");
    if (file === __filename || file.startsWith("node:") || file.includes("/node_modules/")) continue;
    if (/[\\/]src[\\/]core[\\/]sdk[\\/]/.test(file)) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}
