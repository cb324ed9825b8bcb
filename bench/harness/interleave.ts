import { median } from "./stats";

export type Sample = Record<string, number>;

/**
 * Runs every subject once per repetition, in the same process, the order rotated by one each
 * repetition so no subject always runs first (cold) or last (after everyone's garbage), and returns the
 * median of each metric. A subject scaled down to fewer repetitions sits out the later ones. Garbage is
 * collected before each run when node runs with --expose-gc.
 */
export async function interleaved<T>(
  subjects: readonly T[],
  repetitionsOf: (subject: T) => number,
  once: (subject: T, repetition: number) => Promise<Sample>,
): Promise<Map<T, { medians: Sample; samples: Sample[] }>> {
  const samples = new Map<T, Sample[]>(subjects.map((s) => [s, []]));
  const rounds = Math.max(0, ...subjects.map(repetitionsOf));
  for (let rep = 0; rep < rounds; rep++) {
    const shift = rep % Math.max(1, subjects.length);
    const order = [...subjects.slice(shift), ...subjects.slice(0, shift)];
    for (const subject of order) {
      if (rep >= repetitionsOf(subject)) continue;
      collectGarbage();
      samples.get(subject)!.push(await once(subject, rep));
    }
  }
  const out = new Map<T, { medians: Sample; samples: Sample[] }>();
  for (const [subject, list] of samples) {
    const metrics = new Set(list.flatMap((s) => Object.keys(s)));
    out.set(subject, { medians: Object.fromEntries([...metrics].map((m) => [m, median(list.map((s) => s[m] ?? Number.NaN))])), samples: list });
  }
  return out;
}

export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
