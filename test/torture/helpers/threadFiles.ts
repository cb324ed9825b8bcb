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

/** lock.json as written, or undefined when there is none; `raw` when it does not parse. */
export function readLockFile(dir: string): { pid?: unknown; epoch?: unknown; raw: string } | undefined {
  const path = join(dir, "lock.json");
  if (!existsSync(path)) return undefined;
  const raw = readFileSync(path, "utf8");
  try {
    return { ...(JSON.parse(raw) as object), raw };
  } catch {
    return { raw };
  }
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
