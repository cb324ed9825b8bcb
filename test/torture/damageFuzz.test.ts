import assert from "node:assert/strict";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { FileStore } from "../../src/core/store/file/fileStore";
import { CHAIN_GRAPH, cli, exitOf, tail, workspace } from "./helpers/cliProcesses";
import { applyDamage, classify, readTemplate, type Template } from "./helpers/damage";
import { checkInProcess, checkWithCli } from "./helpers/damageChecks";
import { inPool } from "./helpers/pool";
import type { ChainState } from "./helpers/racers";
import { envCount, random, roundSeed, selectedRounds, suiteSeed } from "./helpers/random";
import { describeFindings, seconds, Tally, type Finding } from "./helpers/tally";
import { threadDir } from "./helpers/threadFiles";

/**
 * Random damage to threads with 2–3 segments and several snapshots (built by real runs killed with
 * --crash-at and resumed): a flipped byte, a cut, a zeroed 4 KiB page, garbage appended or written over,
 * a segment deleted or emptied. Each is worked out from the bytes alone as a torn tail (repaired by the
 * next run), harmless (a cut at a record boundary losing no commit, bytes past a seal), or damage that
 * every command must refuse without touching the journal. All go through the store API in-process;
 * a seeded subset also through the real commands.
 */
const SEED = suiteSeed();
const DAMAGES = envCount("TORTURE_DAMAGES", 300, 1);
const CLI_DAMAGES = envCount("TORTURE_DAMAGES_CLI", 40);
const PARALLEL = envCount("TORTURE_PARALLEL", 3, 1);
const STEPS = 12;
const env = { CHAIN_STEPS: String(STEPS), CHAIN_BLOB: "3000" };

describe("torture: random damage to journals", function () {
  this.timeout(Math.max(300_000, DAMAGES * 2_000));
  const built = workspace("dg-torture-templates-");
  const saved = { CHAIN_STEPS: process.env.CHAIN_STEPS, CHAIN_BLOB: process.env.CHAIN_BLOB };
  const templates: Template[] = [];
  let reference: ChainState;

  before(async function () {
    this.timeout(120_000);
    // The graph is also loaded in this process (resume through the store API): it reads the same knobs.
    Object.assign(process.env, env);
    built.copy(CHAIN_GRAPH, "chain.graph.ts");
    const run = async (args: string[], expect: number | "SIGKILL") => {
      const r = await cli([...args, "--json"], { cwd: built.dir, env });
      const ok = expect === "SIGKILL" ? r.result.signal === "SIGKILL" : r.result.code === expect;
      assert.ok(ok, `building templates: \`${args.join(" ")}\` ${exitOf(r)}, expected ${expect}: ${tail(r.result)}`);
      return r;
    };
    const ref = await run(["run", "chain.graph.ts", "--thread", "reference"], 0);
    const done = ref.result.events.find((e) => e.type === "done");
    assert.ok(done?.type === "done");
    reference = done.state as unknown as ChainState;
    // Two or three writers each: killed after step 4 (and 8), then finished, or stopped by the step limit.
    for (const [thread, finished, segments] of [
      ["finished-2", true, 2],
      ["finished-3", true, 3],
      ["unfinished-2", false, 2],
      ["unfinished-3", false, 3],
    ] as const) {
      await run(["run", "chain.graph.ts", "--thread", thread, "--crash-at", "after-commit:n4"], "SIGKILL");
      if (segments === 3) await run(["resume", thread, "--crash-at", "after-commit:n8"], "SIGKILL");
      await run(finished ? ["resume", thread] : ["resume", thread, "--step-limit", "2"], finished ? 0 : 1);
      await run(["verify", thread], 0);
      const template = readTemplate(threadDir(join(built.dir, ".durable"), thread), thread, finished);
      assert.equal(template.segments.length, segments, `${thread} has ${segments} segments`);
      const snapshots = template.segments.reduce((n, s) => n + (s.bytes.toString("utf8").match(/"type":"snapshot"/g)?.length ?? 0), 0);
      assert.ok(snapshots >= 2, `${thread} has snapshots (${snapshots})`);
      const lastStep = template.segments.flatMap((s) => s.steps.filter((x) => x !== undefined)).at(-1);
      assert.equal(template.metaStep, lastStep, `${thread}: meta.json's step is the journal's last commit`);
      templates.push(template);
    }
  });

  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    built.dispose();
  });

  it(`${DAMAGES} random damages (${CLI_DAMAGES} also through the CLI): each repaired as a torn tail or refused by every command, never resumed past`, async () => {
    const started = Date.now();
    const rounds = selectedRounds(DAMAGES);
    const order = random(roundSeed(SEED, "cli-subset", 0));
    const shuffled = Array.from({ length: DAMAGES }, (_, i) => i);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = order.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const viaCli = new Set(shuffled.slice(0, CLI_DAMAGES));
    console.log(`      seed ${SEED} (replay one damage: TORTURE_SEED=${SEED} TORTURE_ONLY=<damage>); templates: ${templates.map((t) => `${t.thread} (${t.segments.map((s) => s.bytes.length).join("+")} bytes, step ${t.metaStep})`).join(", ")}`);

    const byKind = new Map<string, Tally>();
    const failedKinds = new Tally();
    const findings: Finding[] = [];
    let failed = 0;
    const outcomes = new Tally();
    const cliOutcomes = new Tally();
    let resumedPast = 0;
    let cliResumedPast = 0;
    await inPool(rounds, PARALLEL, async (index) => {
      const rng = random(roundSeed(SEED, "damage", index));
      const template = rng.pick(templates);
      const ws = workspace("dg-torture-damage-");
      try {
        const storeDir = copyThread(built.dir, ws.dir, template.thread);
        const dir = threadDir(storeDir, template.thread);
        const damage = applyDamage(rng, template, dir);
        const expected = classify(template, dir);
        if (!byKind.has(damage.kind)) byKind.set(damage.kind, new Tally());
        byKind.get(damage.kind)!.add(expected.outcome);
        outcomes.add(expected.outcome);
        const label = `damage ${index} (TORTURE_SEED=${SEED} TORTURE_ONLY=${index}) of ${template.thread}: ${damage.description} [expected ${expected.outcome}: ${expected.why}]`;
        const cliDir = join(ws.dir, "cli");
        if (viaCli.has(index)) {
          mkdirSync(cliDir);
          cpSync(join(ws.dir, ".durable"), join(cliDir, ".durable"), { recursive: true });
          cpSync(join(ws.dir, "chain.graph.ts"), join(cliDir, "chain.graph.ts"));
        }
        const common = { label, thread: template.thread, expected, metaStep: template.metaStep, reference };
        const inProcess = await checkInProcess(new FileStore(storeDir), { ...common, storeDir, workspace: ws.dir });
        const found = [...inProcess.findings];
        if (inProcess.resumedPast) resumedPast++;
        if (viaCli.has(index)) {
          cliOutcomes.add(expected.outcome);
          const viaCommands = await checkWithCli({ ...common, storeDir: join(cliDir, ".durable"), workspace: cliDir }, env);
          found.push(...viaCommands.findings);
          if (viaCommands.resumedPast) cliResumedPast++;
        }
        if (found.length) failed++;
        for (const kind of new Set(found.map((f) => f.kind))) failedKinds.add(kind);
        findings.push(...found);
      } finally {
        ws.dispose();
      }
    });

    console.log(`      ${rounds.length} damages (${outcomes}), ${cliOutcomes.total} also through the CLI (${cliOutcomes}), in ${seconds(started)}; by kind:`);
    for (const [kind, tally] of [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b))) console.log(`        ${kind} ${tally.total}: ${tally}`);
    console.log(`      damages with a failure: ${failed}; resumed past the damage: ${resumedPast} of ${outcomes.get("damaged")} in-process, ${cliResumedPast} of ${cliOutcomes.get("damaged")} via the CLI`);
    console.log(`      failures by kind:${failedKinds.total ? "" : " none"}`);
    for (const line of failedKinds.entries()) console.log(`        ${line}`);
    assert.equal(findings.length, 0, `${failed} of ${rounds.length} damages were mishandled (${resumedPast} resumed past in-process, ${cliResumedPast} via the CLI):\n${describeFindings(findings)}`);
  });
});

/** A store in `to` holding a copy of one thread of the store in `from` (plus the graph file). */
function copyThread(from: string, to: string, thread: string): string {
  const storeDir = join(to, ".durable");
  mkdirSync(join(storeDir, "threads"), { recursive: true });
  for (const file of ["store.json", ".gitignore"]) cpSync(join(from, ".durable", file), join(storeDir, file));
  cpSync(threadDir(join(from, ".durable"), thread), threadDir(storeDir, thread), { recursive: true });
  cpSync(join(from, "chain.graph.ts"), join(to, "chain.graph.ts"));
  return storeDir;
}
