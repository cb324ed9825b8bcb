import assert from "node:assert/strict";
import type { ErrorCode } from "../../../src/core/errors";
import { DurableError } from "../../../src/core/errors";
import type { StateValues } from "../../../src/core/sdk/types";
import { diffState, type StateChange } from "../../../src/core/state/stateChanges";
import type { CheckpointStore, NewThread, ThreadWriter } from "../../../src/core/store/checkpointStore";

/** Awaits `action` and checks it failed with a DurableError of `code`; returns the error. */
export async function expectCode(action: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<DurableError> {
  let caught: unknown;
  try {
    await (typeof action === "function" ? action() : action);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `expected ${code}, but nothing was thrown`);
  assert.ok(caught instanceof DurableError, `expected a DurableError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, `expected ${code}, got ${caught.code}: ${caught.message}`);
  return caught;
}

export function newThread(thread: string, state: StateValues = { messages: [], count: 0 }, next: string[] = ["a"]): NewThread {
  return { thread, graph: "graphs/demo.graph.ts", input: { question: "why?" }, state, next };
}

/**
 * Drives one writer the way the executor does: each step's changes come from `diffState` between the
 * state before and after, and every committed state is kept so tests can compare any step.
 */
export class StepDriver {
  state: StateValues;
  step: number;
  /** The state after each committed step (from the writer's resume point on). */
  readonly states = new Map<number, StateValues>();
  readonly changes = new Map<number, StateChange[]>();

  constructor(readonly writer: ThreadWriter) {
    this.state = structuredClone(writer.resume.state);
    this.step = writer.resume.step;
    this.states.set(this.step, structuredClone(this.state));
  }

  /** Commits the next step: `update` edits a copy of the state. Returns the changes written. */
  commit(update: (state: StateValues) => void, nodes: string[] = ["a"], next: string[] = ["a"]): StateChange[] {
    const before = this.state;
    const after = structuredClone(before);
    update(after);
    const changes = diffState(before, after, new Set([...Object.keys(before), ...Object.keys(after)]));
    this.step++;
    this.writer.commit({ step: this.step, nodes, changes, next, state: after });
    this.state = after;
    this.states.set(this.step, structuredClone(after));
    this.changes.set(this.step, changes);
    return changes;
  }
}

/** Collects writers so every test can close what it opened (their heartbeats and summaries stop). */
export class WriterPool {
  private readonly writers: ThreadWriter[] = [];

  track<W extends ThreadWriter>(writer: W): W {
    this.writers.push(writer);
    return writer;
  }

  async create(store: CheckpointStore, init: NewThread, options?: { replace?: boolean }): Promise<ThreadWriter> {
    return this.track(await store.create(init, options));
  }

  async open(store: CheckpointStore, id: string): Promise<ThreadWriter> {
    return this.track(await store.open(id));
  }

  async closeAll(): Promise<void> {
    const writers = this.writers.splice(0);
    for (const writer of writers) await writer.close().catch(() => undefined);
  }
}
