/**
 * When to write a full snapshot: once the changes written since the last one outweigh it (and at least
 * 64 KB). Reading a thread back then costs at most about twice its state, however long its history,
 * and snapshots add at most as many bytes to the journal as the changes themselves.
 */
export const MIN_SNAPSHOT_INTERVAL_BYTES = 8 * 1024;

export class SnapshotPolicy {
  constructor(
    private bytesSinceSnapshot = 0,
    private lastSnapshotBytes = 0,
  ) {}

  wrote(bytes: number): void {
    this.bytesSinceSnapshot += bytes;
  }

  get due(): boolean {
    return this.bytesSinceSnapshot >= Math.max(this.lastSnapshotBytes, MIN_SNAPSHOT_INTERVAL_BYTES);
  }

  /** A full state was written (a snapshot, or step 0 whose changes are the whole state). */
  snapshotWritten(bytes: number): void {
    this.bytesSinceSnapshot = 0;
    this.lastSnapshotBytes = bytes;
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
  for (let i = full + 1; i < lines.length; i++) since += lines[i]!.length + 1;
  return new SnapshotPolicy(since, lines[full]!.length + 1);
}
