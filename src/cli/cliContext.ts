import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DurableError } from "../core/errors";
import { FileStore } from "../core/store/file/fileStore";
import { writeAtReadersPace } from "./output";

/** What every command gets: the store, where graph paths are relative to, and the output mode. */
export interface CliContext {
  store: FileStore;
  storeDir: string;
  workspace: string;
  json: boolean;
  print(line: string): void;
  /** One JSON document (for --json) on stdout. */
  emit(value: unknown): void;
  /**
   * Writes text to stdout and resolves when the reader has taken it in, for output that can grow with
   * the store (`show`, `threads --json`): awaited, it keeps memory flat however slow the reader.
   */
  write(text: string): Promise<void>;
}

export function cliContext(options: { store?: string; json?: boolean; fsync?: boolean }): CliContext {
  const storeDir = resolve(options.store ?? ".durable");
  if (existsSync(storeDir) && !statSync(storeDir).isDirectory()) {
    throw new DurableError("INVALID_ARGUMENT", `--store ${options.store ?? ".durable"} is not a directory`, { store: storeDir });
  }
  const leaseMs = process.env.DURABLE_GRAPHS_LEASE_MS ? Number(process.env.DURABLE_GRAPHS_LEASE_MS) : undefined;
  return {
    store: new FileStore(storeDir, { durability: options.fsync ? "fsync" : "process", ...(leaseMs ? { leaseMs } : {}) }),
    storeDir,
    workspace: options.store ? dirname(storeDir) : process.cwd(),
    json: options.json === true,
    print: (line) => process.stdout.write(`${line}\n`),
    emit: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
    write: (text) => writeAtReadersPace(process.stdout, text),
  };
}
