import { jsonEqual } from "../../core/state/jsonValue";

/** The nodes one committed step ran, with what each wrote. */
export interface StepNodes {
  step: number;
  writes: Map<string, Record<string, unknown>>;
}

export type NodeOutcome = "same" | "differs" | "only-origin" | "only-fork";

export interface StepPair {
  originStep?: number;
  forkStep?: number;
  nodes: { node: string; outcome: NodeOutcome; keys: string[] }[];
}

/**
 * Pairs a fork's steps after its fork point with its origin's, in order (the n-th step each ran after
 * the fork point; a person's edit is a step of the fork that ran no node and is left out by the caller),
 * and says for each node whether its output differs: the question a replay answers.
 * `keys`: the keys whose writes differ (or that the node wrote, when only one side ran it).
 */
export function compareSteps(origin: readonly StepNodes[], fork: readonly StepNodes[]): StepPair[] {
  const pairs: StepPair[] = [];
  for (let i = 0; i < Math.max(origin.length, fork.length); i++) {
    const o = origin[i];
    const f = fork[i];
    const names = new Set([...(o?.writes.keys() ?? []), ...(f?.writes.keys() ?? [])]);
    const nodes: StepPair["nodes"] = [];
    for (const node of names) {
      const a = o?.writes.get(node);
      const b = f?.writes.get(node);
      if (a && !b) nodes.push({ node, outcome: "only-origin", keys: Object.keys(a) });
      else if (b && !a) nodes.push({ node, outcome: "only-fork", keys: Object.keys(b) });
      else if (a && b) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !jsonEqual(a[k], b[k]));
        nodes.push({ node, outcome: keys.length ? "differs" : "same", keys });
      }
    }
    pairs.push({ ...(o ? { originStep: o.step } : {}), ...(f ? { forkStep: f.step } : {}), nodes });
  }
  return pairs;
}
