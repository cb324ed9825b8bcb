import assert from "node:assert/strict";
import { join } from "node:path";
import { startAll } from "./helpers/cliProcesses";
import { checkRace } from "./helpers/racers";
import { raceRounds } from "./helpers/raceRounds";
import { referenceState } from "./helpers/reference";
import { envCount, suiteSeed } from "./helpers/random";
import { describeFindings } from "./helpers/tally";

/**
 * 3–6 `run <file> --thread T` processes started together on a thread that does not exist yet: one
 * creates and finishes it; every other is refused (exit 3) or finds it finished (exit 0) without
 * running a step again, and the thread verifies with each step once.
 */
const SEED = suiteSeed();
const ROUNDS = envCount("TORTURE_CREATES", 100, 1);
const PARALLEL = envCount("TORTURE_PARALLEL", 3, 1);
const STEPS = 6;

describe("torture: concurrent creates of one thread", function () {
  this.timeout(Math.max(180_000, ROUNDS * 6_000));

  it(`${ROUNDS} rounds of 3–6 runs creating the same thread: one creates and completes it, no step runs twice`, async () => {
    const env = { CHAIN_STEPS: String(STEPS), CHAIN_BLOB: "0" };
    const reference = await referenceState(env);
    console.log(`      seed ${SEED} (replay one round: TORTURE_SEED=${SEED} TORTURE_ONLY=<round>), ${PARALLEL} rounds at a time`);

    const summary = await raceRounds({
      name: "create",
      seed: SEED,
      count: ROUNDS,
      parallel: PARALLEL,
      env,
      round: async ({ index, label, rng, cwd }) => {
        const thread = `create-${index}`;
        const count = rng.between(3, 6);
        const commands = Array.from({ length: count }, (_, i) => ({ label: `racer ${i + 1}/${count}`, args: ["run", "chain.graph.ts", "--thread", thread, "--json"] }));
        const racers = await startAll(commands, { cwd, env });
        const context = `${label}, ${count} racers`;
        const verdict = await checkRace({ label: context, cwd, storeDir: join(cwd, ".durable"), thread, env, racers, steps: STEPS, reference });
        return { ...verdict, listed: { label: context, thread } };
      },
    });

    const { rounds, racers, roles, failedRounds, kinds, corrupted, findings, elapsed } = summary;
    console.log(`      ${rounds} rounds, ${racers} racers (${roles}), in ${elapsed}`);
    console.log(`      rounds with a failure: ${failedRounds} (by kind: ${kinds}); corrupted threads: ${corrupted}`);
    assert.equal(findings.length, 0, `${failedRounds} of ${rounds} rounds failed (${corrupted} corrupted threads):\n${describeFindings(findings)}`);
  });
});
