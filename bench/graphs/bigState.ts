import type { BenchGraph, BenchState } from "../harness/benchGraph";
import { loopGraph } from "./loop";

export const BIG_VALUE_BYTES = 100 * 1024;

/** A value that is never changed after the input: deterministic, and as incompressible as JSON text gets. */
export function bigValue(bytes = BIG_VALUE_BYTES): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let seed = 0x2545f491;
  let out = "";
  for (let i = 0; i < bytes; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    out += alphabet[(seed >>> 0) % alphabet.length];
  }
  return out;
}

/** The loop, with a 100 KB string in the state that no step changes. */
export function bigStateGraph(steps: number, blob: string, onTick: (state: BenchState) => void = () => undefined): BenchGraph {
  return { ...loopGraph(steps, onTick, { blob }, { blob: { kind: "string", default: "" } }), name: "bigstate" };
}
