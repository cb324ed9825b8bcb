import type { CheckpointDiff, OriginComparison } from "../../core/protocol/panelMessages";
import type { CheckpointStore } from "../../core/store/checkpointStore";
import type { CheckpointRecord, NodeRecord } from "../../core/store/records";
import { stateDiff } from "../../core/state/stateDiff";
import { jsonText } from "./jsonText";
import { compareSteps, type StepNodes } from "./stepComparison";

/** Steps shown when comparing a fork with its origin (a long replay shows its start). */
const MAX_STEPS = 2000;

/** The keys added, removed and changed between two checkpoints of a thread, values as the panel shows them. */
export async function diffCheckpoints(store: CheckpointStore, thread: string, from: number, to: number): Promise<CheckpointDiff> {
  const [a, b] = await Promise.all([store.checkpoint(thread, from), store.checkpoint(thread, to)]);
  const keys = stateDiff(a.state, b.state)
    .slice(0, 1000)
    .map((d) => ({ key: d.key, change: d.change, ...(d.change !== "added" ? { before: jsonText(d.before) } : {}), ...(d.change !== "removed" ? { after: jsonText(d.after) } : {}) }));
  return { kind: "checkpoints", from, to, keys };
}

/** A fork beside its origin, step by step after the fork point (see compareSteps). */
export async function compareWithOrigin(store: CheckpointStore, thread: string): Promise<OriginComparison> {
  const record = await store.threadRecord(thread);
  const origin = record.forkedFrom;
  if (!origin) throw new Error(`thread ${thread} is not a fork`);
  const [theirs, ours] = await Promise.all([stepsAfter(store, origin.thread, origin.step), stepsAfter(store, thread, origin.step)]);
  const steps = compareSteps(theirs.steps.slice(0, MAX_STEPS), ours.steps.slice(0, MAX_STEPS));
  return {
    kind: "origin",
    origin: origin.thread,
    forkPoint: origin.step,
    ...(ours.edit ? { edit: ours.edit } : {}),
    steps,
    cut: Math.max(theirs.steps.length, ours.steps.length) > MAX_STEPS,
  };
}

/** The committed steps of a thread after `after` that ran nodes, with each node's writes; and a person's edit among them. */
async function stepsAfter(store: CheckpointStore, thread: string, after: number): Promise<{ steps: StepNodes[]; edit?: { step: number; by: string; keys: string[] } }> {
  const steps: StepNodes[] = [];
  let edit: { step: number; by: string; keys: string[] } | undefined;
  let pending = new Map<number, Map<string, Record<string, unknown>>>();
  let afterSeq: number | undefined;
  for (;;) {
    const page = await store.history(thread, { limit: 1000, ...(afterSeq === undefined ? {} : { afterSeq }) });
    for (const r of page.records) {
      if (r.type === "node" && r.step > after) addNode(pending, r);
      else if (r.type === "checkpoint" && r.step > after) {
        const committed = commitStep(pending, r, (e) => (edit ??= e));
        if (committed) steps.push(committed);
        pending = new Map([...pending].filter(([step]) => step > r.step));
      }
    }
    if (page.nextSeq === undefined) break;
    afterSeq = page.nextSeq;
  }
  return { steps, ...(edit ? { edit } : {}) };
}

function addNode(pending: Map<number, Map<string, Record<string, unknown>>>, record: NodeRecord): void {
  const nodes = pending.get(record.step) ?? new Map<string, Record<string, unknown>>();
  nodes.set(record.node, record.writes);
  pending.set(record.step, nodes);
}

function commitStep(
  pending: Map<number, Map<string, Record<string, unknown>>>,
  record: CheckpointRecord,
  onEdit: (edit: { step: number; by: string; keys: string[] }) => void,
): StepNodes | undefined {
  if (record.edit) {
    onEdit({ step: record.step, by: record.edit.by, keys: record.edit.keys });
    return undefined;
  }
  if (record.nodes.length === 0) return undefined;
  const writes = new Map<string, Record<string, unknown>>();
  const ran = pending.get(record.step);
  for (const node of record.nodes) writes.set(node, ran?.get(node) ?? {});
  return { step: record.step, writes };
}
