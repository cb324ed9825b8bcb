import { isInternalChannel, lgTaskNode, lgValueForPeople } from "../../core/store/langGraphReplay";
import type { LgWritesRecord } from "../../core/store/records";

/** One `interrupt()` a LangGraph.js task made: its id (a resume map is keyed by it) and payload. */
export interface LgInterrupt {
  id?: string;
  value: unknown;
}

/**
 * What one `lg-writes` record (a LangGraph.js task's `putWrites`) means to a person: which node wrote,
 * the state keys it wrote (LangGraph's own channels — `branch:to:*`, `join:*`, `__*` — left out), the
 * questions it asked, the answers it was resumed with, and its error.
 */
export interface LgTaskWrites {
  /** The node (a task its edges triggered); undefined for the writes of a `Command` (the null task) and `Send` tasks. */
  node?: string;
  /** True for the writes a `Command({ resume })` makes outside any task. */
  command: boolean;
  /** The state keys' writes, in write order (a key may be written twice: a `Command`'s update and a return). */
  values: { key: string; value: unknown }[];
  interrupts: LgInterrupt[];
  /** `__resume__`: a task's own list of answers (by question order), or a Command's value. */
  resume?: unknown;
  error?: { message: string };
}

export function lgTaskWrites(record: LgWritesRecord): LgTaskWrites {
  const out: LgTaskWrites = { node: lgTaskNode(record.path), command: record.task === NULL_TASK_ID, values: [], interrupts: [] };
  for (const write of record.writes) {
    const value = lgValueForPeople(write.value);
    if (write.channel === INTERRUPT) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const tagged = typeof item === "object" && item !== null && "value" in item ? (item as { id?: unknown; value: unknown }) : undefined;
        out.interrupts.push(tagged ? { ...(typeof tagged.id === "string" ? { id: tagged.id } : {}), value: tagged.value } : { value: item });
      }
    } else if (write.channel === RESUME) {
      out.resume = value;
    } else if (write.channel === ERROR) {
      const message = typeof value === "object" && value !== null && "message" in value ? String((value as { message: unknown }).message) : JSON.stringify(value);
      out.error = { message };
    } else if (!isInternalChannel(write.channel)) {
      out.values.push({ key: write.channel, value });
    }
  }
  return out;
}

const INTERRUPT = "__interrupt__";
const RESUME = "__resume__";
const ERROR = "__error__";
/** The task id LangGraph gives writes made outside any task (a `Command`'s). */
const NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";
