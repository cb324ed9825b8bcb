import { CHAIN_GRAPH, workspace } from "./cliProcesses";
import { inPool } from "./pool";
import { checkListed, type Role } from "./racers";
import { random, roundSeed, selectedRounds, type Random } from "./random";
import { seconds, Tally, type Finding } from "./tally";

export interface RoundOutcome {
  findings: Finding[];
  roles: Role[];
  corrupted: boolean;
  /** The thread raced, for the lane's closing `threads --json`. */
  listed?: { label: string; thread: string };
}

export interface RoundsSummary {
  rounds: number;
  racers: number;
  failedRounds: number;
  corrupted: number;
  findings: Finding[];
  roles: Tally;
  kinds: Tally;
  elapsed: string;
}

/**
 * Runs `count` race rounds, `parallel` at a time. Each lane (rounds run one after another) has its own
 * scratch workspace with the chain graph and its own store, so parallel races never share a store; a
 * lane's threads are listed once with `threads --json` at its end. Workspaces are removed afterwards.
 */
export async function raceRounds(options: {
  name: string;
  seed: number;
  count: number;
  parallel: number;
  env: Record<string, string>;
  round: (context: { index: number; label: string; rng: Random; cwd: string }) => Promise<RoundOutcome>;
}): Promise<RoundsSummary> {
  const started = Date.now();
  const indexes = selectedRounds(options.count);
  const lanes: { ws: ReturnType<typeof workspace>; listed: { label: string; thread: string }[] }[] = [];
  const summary: RoundsSummary = { rounds: indexes.length, racers: 0, failedRounds: 0, corrupted: 0, findings: [], roles: new Tally(), kinds: new Tally(), elapsed: "" };
  const failed = new Set<string>();
  const record = (label: string, findings: Finding[]) => {
    for (const kind of new Set(findings.map((f) => f.kind))) summary.kinds.add(kind);
    if (findings.length) failed.add(label);
    summary.findings.push(...findings);
  };
  try {
    await inPool(indexes, options.parallel, async (index, _i, lane) => {
      if (!lanes[lane]) {
        const ws = workspace(`dg-torture-${options.name}-`);
        ws.copy(CHAIN_GRAPH, "chain.graph.ts");
        lanes[lane] = { ws, listed: [] };
      }
      const { ws, listed } = lanes[lane]!;
      const label = `${options.name} ${index} (TORTURE_SEED=${options.seed} TORTURE_ONLY=${index})`;
      const outcome = await options.round({ index, label, rng: random(roundSeed(options.seed, options.name, index)), cwd: ws.dir });
      summary.racers += outcome.roles.length;
      for (const role of outcome.roles) summary.roles.add(role);
      if (outcome.corrupted) summary.corrupted++;
      if (outcome.listed) listed.push(outcome.listed);
      record(label, outcome.findings);
    });
    for (const { ws, listed } of lanes) {
      for (const finding of await checkListed(ws.dir, options.env, listed)) record(finding.message.split(":")[0]!, [finding]);
    }
  } finally {
    for (const { ws } of lanes) ws.dispose();
  }
  summary.failedRounds = failed.size;
  summary.elapsed = seconds(started);
  return summary;
}
