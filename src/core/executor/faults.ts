/**
 * Named fault points, where tests and "Run and Crash After Node…" kill the process exactly where it
 * hurts. The executor calls them; the runner decides what they do (SIGKILL itself).
 */
export interface FaultHooks {
  /** A node's completion was recorded; its step is not committed yet. */
  afterNodeRecorded?(step: number, node: string): void;
  /** Every node of the step finished; the commit is about to be written. */
  beforeCommit?(step: number, nodes: readonly string[]): void;
  /** The step's checkpoint was committed. */
  afterCommit?(step: number, nodes: readonly string[]): void;
}

export type FaultPoint = "after-node" | "before-commit" | "after-commit";

/** Parses `point:node` (e.g. `after-commit:step_1`); a missing node means every node. */
export function parseFaultSpec(spec: string): { point: FaultPoint; node?: string } | undefined {
  const [point, node] = spec.split(":", 2) as [string, string | undefined];
  if (point !== "after-node" && point !== "before-commit" && point !== "after-commit") return undefined;
  return { point, ...(node ? { node } : {}) };
}

/** Hooks that call `fire` when the named point is reached for the named node. */
export function faultHooks(spec: { point: FaultPoint; node?: string }, fire: () => void): FaultHooks {
  const matches = (nodes: readonly string[]) => spec.node === undefined || nodes.includes(spec.node);
  switch (spec.point) {
    case "after-node":
      return { afterNodeRecorded: (_step, node) => matches([node]) && fire() };
    case "before-commit":
      return { beforeCommit: (_step, nodes) => matches(nodes) && fire() };
    case "after-commit":
      return { afterCommit: (_step, nodes) => matches(nodes) && fire() };
  }
}
