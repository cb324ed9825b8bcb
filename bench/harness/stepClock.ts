/**
 * Timestamps of a loop's node calls, kept in a preallocated array so recording costs nothing the engine
 * would notice. The time between two consecutive calls is one super-step, whatever the engine.
 */
export class StepClock {
  private readonly times: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
  }

  tick(): void {
    if (this.count < this.times.length) this.times[this.count++] = performance.now();
  }

  get ticks(): number {
    return this.count;
  }

  /** Mean ms per step over the first and the last `fraction` of the recorded steps. */
  edges(fraction = 0.1): { firstMs: number; lastMs: number } {
    const intervals = this.count - 1;
    const k = Math.max(1, Math.floor(intervals * fraction));
    if (intervals < 2) return { firstMs: Number.NaN, lastMs: Number.NaN };
    const t = this.times;
    return {
      firstMs: (t[k]! - t[0]!) / k,
      lastMs: (t[this.count - 1]! - t[this.count - 1 - k]!) / k,
    };
  }
}
