import { isDurableError, toErrorInfo } from "../core/errors";
import type { ErrorPayload } from "../core/protocol/runEvents";

/**
 * An error as the run reports it: code, message, the node it happened in, and the line of the graph
 * file it points at (from the source-mapped stack of the error or its cause).
 */
export function describeError(error: unknown, graphFile?: string): ErrorPayload {
  const info = toErrorInfo(error);
  const details = isDurableError(error) ? error.details : {};
  const cause = isDurableError(error) ? error.cause : undefined;
  const stack = (cause instanceof Error ? cause.stack : undefined) ?? info.stack;
  const node = typeof details.node === "string" ? details.node : undefined;
  const located = typeof details.file === "string" && typeof details.line === "number"
    ? { file: details.file, line: details.line, column: typeof details.column === "number" ? details.column : 1 }
    : graphFile
      ? frameIn(stack, graphFile)
      : undefined;
  return {
    code: info.code,
    message: info.message,
    ...(info.name ? { name: info.name } : {}),
    ...(stack ? { stack } : {}),
    ...(node ? { node } : {}),
    ...(located ? { file: located.file, line: located.line, column: located.column } : {}),
    ...(info.details && Object.keys(info.details).length ? { details: info.details } : {}),
  };
}

/** The first stack frame in the graph's own files (its directory, not node_modules). */
export function frameIn(stack: string | undefined, graphFile: string): { file: string; line: number; column: number } | undefined {
  if (!stack) return undefined;
  const dir = graphFile.slice(0, graphFile.lastIndexOf("/") + 1);
  for (const line of stack.split("\n").slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!match) continue;
    const file = match[1]!.replace(/^file:\/\//, "");
    if (file.startsWith(dir) && !file.includes("/node_modules/") && !file.endsWith(".bundle.js")) {
      return { file, line: Number(match[2]), column: Number(match[3]) };
    }
  }
  return undefined;
}
