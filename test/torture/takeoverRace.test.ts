import assert from "node:assert/strict";
import { join } from "node:path";
import { cli, exitOf, startAll, tail } from "./helpers/cliProcesses";
import { checkRace } from "./helpers/racers";
import { raceRounds } from "./helpers/raceRounds";
import { referenceState } from "./helpers/reference";
import { envCount, suiteSeed } from "./helpers/random";
import { describeFindings } from "./helpers/tally";

/**
 * The bug behind this suite: when a thread's owner is dead and several run/resume processes start at
 * once, two of them could both take the thread over (two segments whose headers carry the same
 * sequence number: the thread is quarantined after the winner said it finished), and the lock could be
 * left naming a fenced loser. Each race kills the owner mid-run with --crash-at, then starts 3–6
 * `resume`/`run` processes together and checks what a user would see afterwards.
 */
const SEED = suiteSeed();
const RACES = envCount("TORTURE_RACES", 200, 1);
const PARALLEL = envCount("TORTURE_PARALLEL", 3, 1);
const STEPS = 6;

describe("torture: concurrent takeovers of a killed owner's thread", function () {
  this.timeout(Math.max(180_000, RACES * 6_000));

  it(`${RACES} races of 3–6 run/resume processes: one owner, no corrupted thread, never released by a loser`, async () => {
    const env = { CHAIN_STEPS: String(STEPS), CHAIN_BLOB: "0" };
    const reference = await referenceState(env);
    console.log(`      seed ${SEED} (replay one race: TORTURE_SEED=${SEED} TORTURE_ONLY=<race>), ${PARALLEL} races at a time`);

    const summary = await raceRounds({
      name: "race",
      seed: SEED,
      count: RACES,
      parallel: PARALLEL,
      env,
      round: async ({ index, label, rng, cwd }) => {
        const thread = `race-${index}`;
        const crashStep = rng.between(1, STEPS - 2);
        const owner = await cli(["run", "chain.graph.ts", "--thread", thread, "--json", "--crash-at", `after-commit:n${crashStep}`], { cwd, env });
        if (owner.result.signal !== "SIGKILL") {
          const message = `${label}: the owner was to kill itself after step ${crashStep}, but ended with ${exitOf(owner)}: ${tail(owner.result)}`;
          return { findings: [{ kind: "setup", message }], roles: [], corrupted: false };
        }
        const count = rng.between(3, 6);
        const commands = Array.from({ length: count }, (_, i) => ({
          label: `racer ${i + 1}/${count}`,
          args: rng.chance(1 / 3) ? ["run", "chain.graph.ts", "--thread", thread, "--json"] : ["resume", thread, "--json"],
        }));
        const racers = await startAll(commands, { cwd, env });
        const context = `${label}, ${count} racers, owner ${owner.pid} killed after step ${crashStep}`;
        const verdict = await checkRace({ label: context, cwd, storeDir: join(cwd, ".durable"), thread, env, racers, steps: STEPS, reference, crashed: { pid: owner.pid, step: crashStep } });
        return { ...verdict, listed: { label: context, thread } };
      },
    });

    const { rounds, racers, roles, failedRounds, kinds, corrupted, findings, elapsed } = summary;
    console.log(`      ${rounds} races, ${racers} racers (${roles}), in ${elapsed}`);
    console.log(`      races with a failure: ${failedRounds} (by kind: ${kinds}); corrupted threads: ${corrupted}`);
    assert.equal(findings.length, 0, `${failedRounds} of ${rounds} races failed (${corrupted} corrupted threads):\n${describeFindings(findings)}`);
  });
});
