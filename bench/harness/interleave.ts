import { median } from "./stats";

export type Sample = Record<string, number>;

/**
 * Runs every subject once per repetition, in the same process, the order rotated by one each
 * repetition so no subject always runs first (cold) or last (after everyone's garbage), and returns the
 * median of each metric. Garbage is collected between runs when node runs with --expose-gc.
 */
export async function interleaved<T>(subjects: readonly T[], repetitions: number, once: (subject: T, repetition: number) => Promise<Sample>): Promise<Map<T, Sample>> {
  const samples = new Map<T, Sample[]>(subjects.map((s) => [s, []]));
  for (let rep = 0; rep < repetitions; rep++) {
    const shift = rep % Math.max(1, subjects.length);
    const order = [...subjects.slice(shift), ...subjects.slice(0, shift)];
    for (const subject of order) {
      collectGarbage();
      samples.get(subject)!.push(await once(subject, rep));
    }
  }
  const medians = new Map<T, Sample>();
  for (const [subject, list] of samples) {
    const metrics = new Set(list.flatMap((s) => Object.keys(s)));
    medians.set(subject, Object.fromEntries([...metrics].map((m) => [m, median(list.map((s) => s[m] ?? Number.NaN))])));
  }
  return medians;
}

export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
