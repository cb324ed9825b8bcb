import type { StateChange } from "../state/stateChanges";

/**
 * When to write a full snapshot: once the changes written since the last one outweigh twice the state
 * (and at least 8 KB). The state's size is estimated as the last full state's plus what was appended
 * to its lists since (forgetting a list's appends when it is replaced), so a state that only grows — a
 * chat appending messages — is seen growing as fast as its changes and is not snapshotted again and
 * again (each snapshot would repeat every message), while a state rewritten in place is. Reading a
 * thread back then costs at most about three times its largest state, however long its history.
 */
export const MIN_SNAPSHOT_INTERVAL_BYTES = 8 * 1024;
const CHANGES_PER_STATE = 2;

export class SnapshotPolicy {
  /** Bytes appended to each list since it was last replaced or snapshotted. */
  private readonly appended = new Map<string, number>();
  private appendedTotal = 0;

  constructor(
    private bytesSinceSnapshot = 0,
    private lastSnapshotBytes = 0,
  ) {}

  wrote(bytes: number): void {
    this.bytesSinceSnapshot += bytes;
  }

  /** A committed step's changes: how the state grew. */
  changed(changes: readonly StateChange[]): void {
    for (const change of changes) {
      const before = this.appended.get(change.key) ?? 0;
      if (change.op === "append") {
        const added = JSON.stringify(change.items).length;
        this.appended.set(change.key, before + added);
        this.appendedTotal += added;
      } else if (before > 0) {
        this.appended.delete(change.key);
        this.appendedTotal -= before;
      }
    }
  }

  get due(): boolean {
    return this.bytesSinceSnapshot >= Math.max(CHANGES_PER_STATE * (this.lastSnapshotBytes + this.appendedTotal), MIN_SNAPSHOT_INTERVAL_BYTES);
  }

  /** A full state was written (a snapshot, or step 0 whose changes are the whole state). */
  snapshotWritten(bytes: number): void {
    this.bytesSinceSnapshot = 0;
    this.lastSnapshotBytes = bytes;
    this.appended.clear();
    this.appendedTotal = 0;
  }
}

/**
 * The policy's clock for a thread whose encoded lines (oldest first) are these: the last full state is
 * the last snapshot, or else the thread's first checkpoint (step 0, or the fork point of a fork),
 * whose changes are the whole initial state.
 */
export function snapshotPolicyFor(lines: readonly string[]): SnapshotPolicy {
  let full = -1;
  for (let i = lines.length - 1; i >= 0 && full === -1; i--) if (lines[i]!.startsWith('{"type":"snapshot"')) full = i;
  if (full === -1) full = lines.findIndex((line) => line.startsWith('{"type":"checkpoint"'));
  if (full === -1) return new SnapshotPolicy();
  let since = 0;
  const policy = new SnapshotPolicy(0, lines[full]!.length + 1);
  for (let i = full + 1; i < lines.length; i++) {
    since += lines[i]!.length + 1;
    if (lines[i]!.startsWith('{"type":"checkpoint"')) policy.changed((JSON.parse(lines[i]!) as { changes: StateChange[] }).changes);
  }
  policy.wrote(since);
  return policy;
}
