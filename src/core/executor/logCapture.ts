import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import type { LogLevel, NodeLogger } from "../sdk/types";
import type { LogLine } from "../store/records";

/** The log of the node running in the current async context (so parallel nodes keep their own lines). */
export interface NodeLogSink {
  lines: LogLine[];
  emit(level: LogLevel, message: string): void;
}

const current = new AsyncLocalStorage<NodeLogSink>();

export function runWithLog<T>(sink: NodeLogSink, fn: () => T): T {
  return current.run(sink, fn);
}

export function loggerFor(sink: NodeLogSink): NodeLogger {
  const log = (level: LogLevel) => (...args: unknown[]) => {
    const message = format(...args);
    sink.lines.push({ level, message, at: Date.now() });
    sink.emit(level, message);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

let installed = false;

/**
 * Routes `console.*` calls made inside a node into that node's log (kept with its step), and leaves
 * calls made anywhere else alone. Installed once by the runner.
 */
export function captureConsole(): void {
  if (installed) return;
  installed = true;
  const levels: [keyof Console, LogLevel][] = [
    ["log", "info"],
    ["info", "info"],
    ["debug", "debug"],
    ["warn", "warn"],
    ["error", "error"],
  ];
  for (const [method, level] of levels) {
    const original = (console[method] as (...args: unknown[]) => void).bind(console);
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const sink = current.getStore();
      if (!sink) return original(...args);
      const message = format(...args);
      sink.lines.push({ level, message, at: Date.now() });
      sink.emit(level, message);
    };
  }
}
