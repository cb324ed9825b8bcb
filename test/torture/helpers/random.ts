/**
 * Seeded randomness and knobs for the torture suite. Every test prints its seed; running again with
 * `TORTURE_SEED=<seed>` makes the same choices (racer counts, commands, damages). Counts come from env
 * vars so a failure can be chased with more (or fewer) rounds.
 */

/** The suite's seed: `TORTURE_SEED` (a number, or `random` for a fresh one), else a fixed default. */
export function suiteSeed(): number {
  const text = process.env.TORTURE_SEED;
  if (text === "random") return Math.floor(Math.random() * 2 ** 31);
  if (text === undefined || text === "") return 20261129;
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`TORTURE_SEED must be a whole number or "random", not "${text}"`);
  return seed;
}

/** A whole number from the environment, at least `min`. */
export function envCount(name: string, fallback: number, min = 0): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, not "${text}"`);
  return value;
}

export interface Random {
  /** In [0, 1). */
  next(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** A whole number in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  bytes(n: number): Buffer;
}

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function random(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from nothing");
      return items[int(items.length)]!;
    },
    chance: (p) => next() < p,
    bytes: (n) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = int(256);
      return out;
    },
  };
}

/**
 * The seed of one round (race `i`, damage `i`…): each round draws from its own sequence, so one round
 * replays alone and a round's choices do not depend on how many came before.
 */
export function roundSeed(seed: number, label: string, index: number): number {
  let h = 2166136261 ^ seed;
  for (const c of `${label}:${index}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/** `TORTURE_ONLY=3,17`: run only these rounds (to replay a failure with its seed). */
export function selectedRounds(count: number): number[] {
  const only = process.env.TORTURE_ONLY;
  const all = Array.from({ length: count }, (_, i) => i);
  if (!only) return all;
  const wanted = new Set(only.split(",").map((s) => Number(s.trim())));
  return all.filter((i) => wanted.has(i));
}
