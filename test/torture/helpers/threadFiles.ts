import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** What a thread's directory holds, read straight from the disk (not through the store under test). */
export function threadDir(storeDir: string, thread: string): string {
  return join(storeDir, "threads", thread);
}

const SEGMENT = /^journal-(\d{6,})\.ndjson$/;

/** The journal's segment files, oldest first, with their epochs. */
export function segmentFiles(dir: string): { epoch: number; name: string; path: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, match: SEGMENT.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .map(({ name, match }) => ({ epoch: Number(match[1]), name, path: join(dir, name) }))
    .sort((a, b) => a.epoch - b.epoch);
}

/**
 * The release that ends the newest segment, if it does — the thread's "let go" — with the process that
 * segment's header names as its owner (the one that released it); `raw` is the line.
 */
export function readRelease(dir: string): { epoch: unknown; ownerPid: unknown; newestEpoch: number; raw: string } | undefined {
  const newest = segmentFiles(dir).at(-1);
  if (!newest) return undefined;
  const lines = readFileSync(newest.path, "utf8").trimEnd().split("\n");
  const parse = (line: string | undefined): Record<string, unknown> | undefined => {
    try {
      return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const last = parse(lines.at(-1));
  if (last?.type !== "release") return undefined;
  const owner = parse(lines[0])?.owner as { pid?: unknown } | undefined;
  return { epoch: last.epoch, ownerPid: owner?.pid, newestEpoch: newest.epoch, raw: lines.at(-1)! };
}

/** Every journal file's name and SHA-256, to prove a command left the journal's bytes alone. */
export function journalFingerprint(dir: string): string {
  return segmentFiles(dir)
    .map((f) => `${f.name}:${createHash("sha256").update(readFileSync(f.path)).digest("hex").slice(0, 16)}`)
    .join(" ");
}

/** Byte offsets just after each newline of `bytes` (the ends of its complete lines). */
export function lineEnds(bytes: Buffer): number[] {
  const ends: number[] = [];
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) ends.push(i + 1);
  return ends;
}
