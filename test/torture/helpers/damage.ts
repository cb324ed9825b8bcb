import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Random } from "./random";
import { lineEnds, segmentFiles } from "./threadFiles";

/** One segment of a template thread: its bytes, and where its records end and what they committed. */
export interface TemplateSegment {
  epoch: number;
  name: string;
  bytes: Buffer;
  /** The byte after each complete line. */
  ends: number[];
  /** Per line, the checkpoint step it commits (undefined for other records). */
  steps: (number | undefined)[];
  /** Where the next segment's header seals this one (its size for the newest). */
  seal: number;
}

/** A thread built by real runs (killed with --crash-at, resumed), copied afresh for every damage. */
export interface Template {
  thread: string;
  finished: boolean;
  segments: TemplateSegment[];
  /** The summary's step (meta.json): the store compares a journal that ends early with it. */
  metaStep: number;
}

export function readTemplate(dir: string, thread: string, finished: boolean): Template {
  const files = segmentFiles(dir);
  const segments = files.map(({ epoch, name, path }) => {
    const bytes = readFileSync(path);
    const ends = lineEnds(bytes);
    const steps = ends.map((end, i) => {
      const record = JSON.parse(bytes.subarray(i === 0 ? 0 : ends[i - 1]!, end).toString("utf8")) as { type?: string; step?: number; q?: number; s?: number };
      // A compact step line (journal format 2) holds a node record and its step's checkpoint.
      return record.type === "checkpoint" ? record.step : record.q !== undefined ? record.s : undefined;
    });
    return { epoch, name, bytes, ends, steps, seal: bytes.length };
  });
  // A header's `prev.end` seals the segment before it.
  for (let i = 1; i < segments.length; i++) {
    const header = JSON.parse(segments[i]!.bytes.subarray(0, segments[i]!.ends[0]).toString("utf8")) as { prev?: { end: number } };
    if (header.prev) segments[i - 1]!.seal = header.prev.end;
  }
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as { step: number };
  return { thread, finished, segments, metaStep: meta.step };
}

export const DAMAGE_KINDS = ["flip", "truncate", "zero-page", "append-garbage", "overwrite-garbage", "delete-segment", "empty-segment"] as const;
export type DamageKind = (typeof DAMAGE_KINDS)[number];

export interface Damage {
  kind: DamageKind;
  /** The segment damaged. */
  segment: string;
  /** What was done, precisely enough to redo it by hand. */
  description: string;
}

/**
 * Damages one segment of the thread in `dir` (a copy of `template`). The newest segment is picked half
 * the time and a position in a segment's last record half the time, so torn tails come up often
 * enough beside damage in the middle of a journal.
 */
export function applyDamage(rng: Random, template: Template, dir: string): Damage {
  const kind = rng.pick(DAMAGE_KINDS);
  const segments = template.segments;
  const newest = segments.at(-1)!;
  const whole = kind === "delete-segment" || kind === "empty-segment";
  const target = whole ? rng.pick(segments) : segments.length === 1 || rng.chance(0.5) ? newest : rng.pick(segments.slice(0, -1));
  const path = join(dir, target.name);
  const size = target.bytes.length;
  const nearEnd = rng.chance(0.5);
  // Somewhere in the last record (where a killed writer tears one), or anywhere.
  const position = () => (nearEnd ? rng.between(target.ends.at(-2) ?? 0, size - 1) : rng.int(size));
  const name = target.name;
  switch (kind) {
    case "flip": {
      const at = position();
      const mask = rng.between(1, 255);
      const bytes = Buffer.from(target.bytes);
      bytes[at] = bytes[at]! ^ mask;
      writeFileSync(path, bytes);
      return { kind, segment: name, description: `${name}: byte ${at} of ${size} xor 0x${mask.toString(16)}` };
    }
    case "truncate": {
      const at = position();
      truncateSync(path, at);
      return { kind, segment: name, description: `${name}: cut to ${at} of ${size} bytes` };
    }
    case "zero-page": {
      const pages = Math.ceil(size / 4096);
      const page = nearEnd ? pages - 1 : rng.int(pages);
      const bytes = Buffer.from(target.bytes);
      bytes.fill(0, page * 4096, Math.min(size, (page + 1) * 4096));
      writeFileSync(path, bytes);
      return { kind, segment: name, description: `${name}: 4 KiB page ${page} (bytes ${page * 4096}..${Math.min(size, (page + 1) * 4096)} of ${size}) zeroed` };
    }
    case "append-garbage": {
      const garbage = rng.bytes(rng.between(1, 200));
      // Half the time a tail with no newline (as a process killed mid-write leaves), else a whole bad line.
      const line = rng.chance(0.5);
      for (let i = 0; i < garbage.length; i++) if (garbage[i] === 0x0a) garbage[i] = 0x20;
      if (line) garbage[garbage.length - 1] = 0x0a;
      writeFileSync(path, Buffer.concat([target.bytes, garbage]));
      return { kind, segment: name, description: `${name}: ${garbage.length} random bytes appended at ${size}${line ? ", ending in a newline" : ", no newline"}` };
    }
    case "overwrite-garbage": {
      const at = position();
      const garbage = rng.bytes(rng.between(1, 64));
      const bytes = Buffer.alloc(Math.max(size, at + garbage.length));
      target.bytes.copy(bytes);
      garbage.copy(bytes, at);
      writeFileSync(path, bytes);
      return { kind, segment: name, description: `${name}: ${garbage.length} random bytes written at ${at} of ${size}` };
    }
    case "delete-segment":
      rmSync(path);
      return { kind, segment: name, description: `${name} (${size} bytes) deleted` };
    case "empty-segment":
      truncateSync(path, 0);
      return { kind, segment: name, description: `${name} (${size} bytes) emptied` };
  }
}

export type Expected =
  /** Only bytes after the newest segment's last complete record were hit, and no committed step is lost. */
  | { outcome: "torn"; file: string; offset: number; bytes: number; why: string }
  /** Nothing that counts was hit: a cut exactly at a record boundary losing no commit, or bytes past a seal. */
  | { outcome: "intact"; why: string }
  /** Anything else: every command must refuse it (STORE_CORRUPT) and leave the journal alone. */
  | { outcome: "damaged"; why: string };

function commonPrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/**
 * What the damaged thread in `dir` should be taken for, worked out from the bytes alone (not from the
 * store under test): a torn tail, something that changes nothing, or damage.
 */
export function classify(template: Template, dir: string): Expected {
  const segments = template.segments;
  for (const segment of segments.slice(0, -1)) {
    const path = join(dir, segment.name);
    if (!existsSync(path)) return { outcome: "damaged", why: `${segment.name} is missing: the chain of segments is broken` };
    const now = readFileSync(path);
    if (now.equals(segment.bytes)) continue;
    const same = commonPrefix(now, segment.bytes);
    if (same >= segment.seal && now.length >= segment.seal) continue; // past the seal: never read
    return { outcome: "damaged", why: `${segment.name} changed at byte ${same}, before its seal at ${segment.seal}` };
  }
  const newest = segments.at(-1)!;
  const path = join(dir, newest.name);
  const lastStep = (index: number) => {
    // The last step committed by the records before the newest segment's line `index`.
    let step = -1;
    for (const s of segments.slice(0, -1)) for (const st of s.steps) if (st !== undefined) step = st;
    for (let i = 0; i < index; i++) if (newest.steps[i] !== undefined) step = newest.steps[i]!;
    return step;
  };
  if (!existsSync(path)) return { outcome: "damaged", why: `the newest segment ${newest.name} is gone: steps ${lastStep(0) + 1}..${template.metaStep} with it` };
  const now = readFileSync(path);
  if (now.equals(newest.bytes)) return { outcome: "intact", why: "nothing changed" };
  const same = commonPrefix(now, newest.bytes);
  const kept = newest.ends.filter((end) => end <= same).length; // complete records left as they were
  const cut = kept === 0 ? 0 : newest.ends[kept - 1]!;
  const rest = now.subarray(cut);
  if (kept === 0) return { outcome: "damaged", why: `the header of ${newest.name} is gone or changed` };
  if (rest.includes(0x0a)) return { outcome: "damaged", why: `a bad record at byte ${cut} of ${newest.name}, with complete lines after it` };
  const step = lastStep(kept);
  if (step < template.metaStep) return { outcome: "damaged", why: `the records left end at step ${step}, but step ${template.metaStep} was committed (meta.json)` };
  if (rest.length === 0) return { outcome: "intact", why: `cut at the record boundary ${cut} of ${newest.name}, after the last commit` };
  return { outcome: "torn", file: newest.name, offset: cut, bytes: rest.length, why: `${rest.length} bytes after the last complete record (byte ${cut}) of ${newest.name}` };
}
