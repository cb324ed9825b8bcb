import type { Question, ThreadStatus } from "./checkpointStore";
import { questionKey } from "./checkpointStore";
import type { LgCheckpointRecord, LgValue, LgWritesRecord } from "./records";

/**
 * Where a thread written by LangGraph.js (through `DurableGraphsSaver`) stands, folded from its
 * `lg-checkpoint` and `lg-writes` records: what `ThreadReplay` reports for it (step, last nodes, next,
 * state, questions, status). Only the root namespace counts: a subgraph's checkpoints are its own.
 *
 * It holds one value per channel (the newest), never the thread's history: a checkpoint naming a
 * version of a channel other than the newest one read (a LangGraph fork from an older checkpoint) shows
 * without that channel. The saver itself reads every version (see src/langgraph/threadIndex.ts).
 */
export class LangGraphReplay {
  /** The root namespace's newest checkpoint. */
  checkpoint?: string;
  step = 0;
  nodes: string[] = [];
  next: string[] = [];
  state: Record<string, unknown> = {};
  /** Questions (`interrupt()`s) of the tasks of the newest checkpoint, not resumed yet. */
  questions = new Map<string, Question>();
  failure?: { code: string; message: string; node?: string };
  private readonly channels = new Map<string, { version: unknown; value: LgValue }>();

  applyCheckpoint(record: LgCheckpointRecord): boolean {
    if (record.ns !== "") return false;
    const versions = (record.checkpoint.channel_versions ?? {}) as Record<string, unknown>;
    for (const [channel, value] of Object.entries(record.values)) {
      if (!isInternalChannel(channel)) this.channels.set(channel, { version: versions[channel], value });
    }
    const state: Record<string, unknown> = {};
    for (const [channel, version] of Object.entries(versions)) {
      const known = this.channels.get(channel);
      if (known && known.version === version) state[channel] = lgValueForPeople(known.value);
    }
    this.checkpoint = record.id;
    this.step = Math.max(record.step, 0);
    this.nodes = record.nodes;
    this.next = record.next;
    this.state = state;
    this.questions = new Map();
    this.failure = undefined;
    return true;
  }

  applyWrites(record: LgWritesRecord): void {
    if (record.ns !== "" || record.checkpoint !== this.checkpoint) return;
    const node = lgTaskNode(record.path) ?? record.task;
    for (const write of record.writes) {
      if (write.channel === INTERRUPT) {
        for (const question of lgQuestions(record, this.step)) this.questions.set(questionKey(question.node, question.index), question);
      } else if (write.channel === RESUME) {
        // A `Command({ resume })` (the null task) answers every question; a task's own resume answers its own.
        if (record.task === NULL_TASK_ID) this.questions.clear();
        else for (const key of [...this.questions.keys()]) if (key.startsWith(`${node}\u0000`)) this.questions.delete(key);
      } else if (write.channel === ERROR) {
        const error = lgValueForPeople(write.value);
        const message = typeof error === "object" && error !== null && "message" in error ? String((error as { message: unknown }).message) : JSON.stringify(error);
        this.failure = { code: "NODE_FAILED", message, node };
      }
    }
  }

  /** The status of a thread no process holds and no end record speaks for. */
  status(): ThreadStatus {
    if (this.questions.size > 0) return "waiting";
    if (this.failure) return "failed";
    return this.next.length === 0 ? "completed" : "interrupted";
  }
}

/** The questions (`interrupt()`s) a task's writes ask, as the step after `step` (the last committed) asks them. */
export function lgQuestions(record: Pick<LgWritesRecord, "path" | "task" | "writes" | "at">, step: number): Question[] {
  const node = lgTaskNode(record.path) ?? record.task;
  return record.writes
    .filter((write) => write.channel === INTERRUPT)
    .flatMap((write) => {
      const interrupts = lgValueForPeople(write.value);
      return Array.isArray(interrupts) ? interrupts : [interrupts];
    })
    .map((interrupt, index) => {
      const value = typeof interrupt === "object" && interrupt !== null && "value" in interrupt ? (interrupt as { value: unknown }).value : interrupt;
      return { step: step + 1, node, index, value, at: record.at };
    });
}

/** LangGraph's own channels (`__start__`, `__pregel_tasks`, `branch:to:x`, `join:a+b:c`…), not the graph's state. */
export function isInternalChannel(name: string): boolean {
  return name.startsWith("__") || name.includes(":");
}

/** A stored value as people read it: the JSON, or `{ type, base64 }` for what was not JSON. */
export function lgValueForPeople(value: LgValue): unknown {
  return "json" in value ? value.json : value;
}

/** The node of a task path `~__pregel_pull, node` (a node triggered by its edges); undefined for others. */
export function lgTaskNode(path: string | undefined): string | undefined {
  const match = path === undefined ? null : /^~__pregel_pull, (.+)$/.exec(path);
  return match?.[1];
}

const INTERRUPT = "__interrupt__";
const RESUME = "__resume__";
const ERROR = "__error__";
/** The task id LangGraph gives writes made outside any task (a `Command`'s). */
const NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";
