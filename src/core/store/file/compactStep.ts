import { z } from "zod";
import { logLine, stateChange, type CheckpointRecord, type NodeRecord, type StateChangeRecord } from "../records";

/**
 * Journal format 2 writes a step that ran one node — a loop's, a chain's, a chat's: most steps — as one
 * line that holds both its node record and its checkpoint, with short keys and nothing said twice:
 *
 *     {"q":41,"s":20,"n":"chat","t":1532,"d":0.066,"+":{"messages":[{"role":"assistant",…}]},"crc":"…"}
 *
 * - `q` the node record's sequence number (the checkpoint's is the next); `s` the step; `n` the node;
 *   `r` its attempt (absent: the first);
 * - `t` when the node started, in ms after its segment's header (`T`: the time itself, where that
 *   subtraction would not be exact); `d` how long it ran (ms); `e` when the step committed, in ms after
 *   the node started (absent: its duration, rounded; `A`: the time itself);
 * - the step's changes: `=` the keys set and their values, `-` the keys unset, `+` the items appended
 *   to each list, decoded in that order (`c`: the list of changes as records hold it, where its order
 *   is another);
 * - `w` the node's writes, absent when the changes say them (each key written was set to what the node
 *   wrote, or had exactly the items it wrote appended); `l` its log lines;
 * - `x` the nodes due next (absent: the same node again).
 *
 * Every other record keeps its own line, as in format 1. Each compact line is still one JSON object
 * (with the checksum appended, see journalLine): jq reads a journal of either format.
 */
export interface CompactStep {
  q: number;
  s: number;
  n: string;
  r?: number;
  t?: number;
  T?: number;
  /** Set after `t`/`T`, as the format orders the keys. */
  d?: number;
  e?: number;
  A?: number;
  "="?: Record<string, unknown>;
  "-"?: string[];
  "+"?: Record<string, unknown[]>;
  c?: StateChangeRecord[];
  w?: Record<string, unknown>;
  l?: NodeRecord["logs"];
  x?: string[];
}

/** The compact line's object for a node record and the checkpoint that follows it, or undefined if they are not one single-node step. */
export function compactStep(node: NodeRecord, checkpoint: CheckpointRecord, timeBase: number): CompactStep | undefined {
  if (checkpoint.seq !== node.seq + 1 || checkpoint.step !== node.step || checkpoint.nodes.length !== 1 || checkpoint.nodes[0] !== node.node) return undefined;
  // Built in the order the format lists its keys (JSON keeps it).
  const line: CompactStep = { q: node.seq, s: node.step, n: node.node };
  if (node.attempt !== 1) line.r = node.attempt;
  const t = node.startedAt - timeBase;
  if (t + timeBase === node.startedAt) line.t = t;
  else line.T = node.startedAt;
  line.d = node.durationMs;
  if (node.startedAt + Math.round(node.durationMs) !== checkpoint.at) {
    const e = checkpoint.at - node.startedAt;
    if (node.startedAt + e === checkpoint.at) line.e = e;
    else line.A = checkpoint.at;
  }
  const grouped = groupChanges(checkpoint.changes);
  if (grouped) Object.assign(line, grouped);
  else line.c = checkpoint.changes;
  if (!writesFollowChanges(node.writes, checkpoint.changes)) line.w = node.writes;
  if (node.logs) line.l = node.logs;
  if (checkpoint.next.length !== 1 || checkpoint.next[0] !== node.node) line.x = checkpoint.next;
  return line;
}

const compactStepLine = z.strictObject({
  q: z.number().int().nonnegative(),
  s: z.number().int().positive(),
  n: z.string(),
  r: z.number().int().positive().optional(),
  t: z.number().optional(),
  T: z.number().optional(),
  d: z.number(),
  e: z.number().optional(),
  A: z.number().optional(),
  "=": z.record(z.string(), z.unknown()).optional(),
  "-": z.array(z.string()).optional(),
  "+": z.record(z.string(), z.array(z.unknown())).optional(),
  c: z.array(stateChange).optional(),
  w: z.record(z.string(), z.unknown()).optional(),
  l: z.array(logLine).optional(),
  x: z.array(z.string()).optional(),
});

export type ExpandResult = { ok: true; records: [NodeRecord, CheckpointRecord] } | { ok: false; reason: string };

/** The node record and checkpoint a compact line holds. */
export function expandStep(value: unknown, timeBase: number): ExpandResult {
  // Rebuilt into plain objects, a key named "__proto__" would set their prototype (the schema drops it): never written so.
  const raw = value as Record<string, unknown>;
  if (hasProtoKey(raw["="]) || hasProtoKey(raw["+"]) || (Array.isArray(raw["-"]) && raw["-"].includes("__proto__"))) return { ok: false, reason: "a state key named __proto__" };
  const parsed = compactStepLine.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `unexpected step line: ${parsed.error.issues[0]?.message ?? "invalid"}` };
  const line = parsed.data;
  if ((line.t === undefined) === (line.T === undefined)) return { ok: false, reason: "a step line needs exactly one of t and T" };
  if (line.c !== undefined && (line["="] !== undefined || line["-"] !== undefined || line["+"] !== undefined)) {
    return { ok: false, reason: "a step line's changes are either c or =, -, +" };
  }
  const changes: StateChangeRecord[] = line.c ?? [];
  if (!line.c) {
    for (const [key, value] of Object.entries(line["="] ?? {})) changes.push({ key, op: "set", value });
    for (const key of line["-"] ?? []) changes.push({ key, op: "unset" });
    for (const [key, items] of Object.entries(line["+"] ?? {})) changes.push({ key, op: "append", items });
  }
  const startedAt = line.T ?? timeBase + line.t!;
  const node: NodeRecord = {
    seq: line.q,
    type: "node",
    step: line.s,
    node: line.n,
    attempt: line.r ?? 1,
    startedAt,
    durationMs: line.d,
    writes: line.w ?? writesOf(changes),
    ...(line.l ? { logs: line.l } : {}),
  };
  const checkpoint: CheckpointRecord = {
    seq: line.q + 1,
    type: "checkpoint",
    step: line.s,
    nodes: [line.n],
    changes,
    next: line.x ?? [line.n],
    at: line.A ?? startedAt + (line.e ?? Math.round(line.d)),
  };
  return { ok: true, records: [node, checkpoint] };
}

/**
 * The changes as `=`, `-` and `+`, when that is exact: they come in that order (sets, then unsets, then
 * appends: the executor's own), each key once, and no key is one JSON objects would reorder (an index
 * like "7") or one that cannot be an own key of a plain object ("__proto__").
 */
function groupChanges(changes: readonly StateChangeRecord[]): Pick<CompactStep, "=" | "-" | "+"> | undefined {
  const order = { set: 0, unset: 1, append: 2 } as const;
  const seen = new Set<string>();
  let rank = 0;
  const grouped: Pick<CompactStep, "=" | "-" | "+"> = {};
  for (const change of changes) {
    if (order[change.op] < rank || seen.has(change.key) || !plainKey(change.key)) return undefined;
    rank = order[change.op];
    seen.add(change.key);
    if (change.op === "set") (grouped["="] ??= {})[change.key] = change.value;
    else if (change.op === "unset") (grouped["-"] ??= []).push(change.key);
    else (grouped["+"] ??= {})[change.key] = change.items;
  }
  return grouped;
}

function plainKey(key: string): boolean {
  return key !== "__proto__" && !/^\d+$/.test(key);
}

/** Whether the node wrote exactly what the changes say: the value each key was set to, or the items appended to it. */
function writesFollowChanges(writes: Record<string, unknown>, changes: readonly StateChangeRecord[]): boolean {
  let count = 0;
  for (const key in writes) {
    count++;
    if (!plainKey(key)) return false;
  }
  if (count !== changes.length) return false;
  for (const change of changes) {
    if (!Object.prototype.hasOwnProperty.call(writes, change.key)) return false;
    const written = writes[change.key];
    if (change.op === "set") {
      if (written !== change.value) return false;
    } else if (change.op === "append") {
      if (!Array.isArray(written) || written.length !== change.items.length) return false;
      for (let i = 0; i < written.length; i++) if (written[i] !== change.items[i]) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** The writes the changes say (see `writesFollowChanges`). */
function writesOf(changes: readonly StateChangeRecord[]): Record<string, unknown> {
  const writes: Record<string, unknown> = {};
  for (const change of changes) {
    if (change.op === "unset") continue;
    const value = change.op === "set" ? change.value : change.items.slice();
    // Defined, not assigned: a change list (`c`) may name any key, "__proto__" too.
    Object.defineProperty(writes, change.key, { value, enumerable: true, writable: true, configurable: true });
  }
  return writes;
}

function hasProtoKey(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.prototype.hasOwnProperty.call(value, "__proto__");
}
