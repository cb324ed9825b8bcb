/**
 * `npm run bench` — durable-graphs against LangGraph.js, the seed-style store and the machine's own
 * limits, in one process, interleaved, order rotated per repetition; prints the tables (medians and
 * ratios) and writes them to bench/RESULTS.md. `npm run bench -- --quick` runs every scenario and peer
 * once at small sizes (the CI smoke test); `--only loop,resume` picks scenarios; `--json FILE` writes
 * the raw medians; `--out FILE` writes the markdown elsewhere (quick mode writes none unless asked);
 * `--render FILE` measures nothing and writes the tables and verdicts again from such a JSON file.
 * LangGraph.js and its SQLite checkpointer are the benchmark's own install (bench/package.json,
 * `npm run bench:install`, which `npm run bench` runs first when they are missing); without them the
 * bench measures the other peers and says which it skipped. The editor's figures come from
 * bench/editor/results.json, written by `npm run bench:editor`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchConfig, SCENARIOS } from "./config";
import { describeMachine, type Machine } from "./harness/machine";
import { editorMarkdown, machineMarkdown, peersMarkdown, RATIO_LEGEND, scenarioMarkdown, verdictsMarkdown } from "./harness/markdown";
import type { ScenarioContext } from "./harness/measurePeers";
import type { ScenarioResult } from "./harness/results";
import { readEditorResults } from "./editor";
import { allPeers } from "./peers/allPeers";
import { bigStateScenario } from "./scenarios/bigState";
import { chain3Scenario } from "./scenarios/chain3";
import { chatScenario } from "./scenarios/chat";
import { durabilityScenario } from "./scenarios/durability";
import { fanOutScenario } from "./scenarios/fanOut";
import { inspectScenario } from "./scenarios/inspect";
import { loopScenario } from "./scenarios/loop";
import { resumeScenario } from "./scenarios/resume";
import { userPathScenario } from "./scenarios/userPath";
import { summaryMarkdown } from "./harness/summary";
import { verdicts } from "./targets";

/** What `--json` writes (and `--render` reads back). */
interface SavedRun {
  quick: boolean;
  only?: string;
  machine: Machine;
  seconds: number;
  skippedPeers: string[];
  scenarios: ScenarioResult[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: "boolean" }, only: { type: "string" }, out: { type: "string" }, json: { type: "string" }, render: { type: "string" } },
  });
  // `--render FILE`: no measuring; the tables and verdicts again from a `--json` file of an earlier run.
  const saved = values.render ? (JSON.parse(readFileSync(values.render, "utf8")) as SavedRun) : undefined;
  const onlyLabel = saved ? saved.only : values.only;
  const quick = saved ? saved.quick : values.quick === true;
  const only = values.only && !saved ? new Set(values.only.split(",")) : undefined;
  if (only?.has("durability")) only.add("loop"); // a regrouping of the loop's runs
  if (only?.has("loop")) only.add("durability");
  const unknown = [...(only ?? [])].filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(", ")}; scenarios: ${SCENARIOS.join(", ")}`);
  const wanted = (id: string) => !only || only.has(id);

  const config = benchConfig(quick);
  const machine = saved?.machine ?? describeMachine();
  const gcNote = (globalThis as { gc?: unknown }).gc ? "" : " (run node with --expose-gc to collect garbage between runs)";
  const log = (message: string) => process.stderr.write(`${message}\n`);
  log(`durable-graphs bench, ${quick ? "quick" : "full"} mode, ${config.repetitions} repetition(s)${gcNote}`);
  const { peers, skipped: available } = await allPeers();
  const skipped = saved ? (saved.skippedPeers.length ? [{ ids: saved.skippedPeers, reason: "LangGraph.js peers not installed" }] : []) : available;
  const skippedIds = skipped.flatMap((s) => s.ids);
  const skippedNote = skipped.map((s) => `${s.reason}: skipped ${s.ids.join(", ")}`).join("; ");
  if (skippedNote) log(`⚠ ${skippedNote}`);
  log(`peers: ${peers.map((p) => p.id).join(", ")}`);
  const editor = readEditorResults();
  const ctx: ScenarioContext = { config, peers, log };
  const started = performance.now();
  const results: ScenarioResult[] = saved ? saved.scenarios : [];
  // Durability regroups the loop's runs (no measurement of its own): rebuilt when a saved run lacks it.
  const savedLoop = results.find((r) => r.id === "loop");
  if (saved && savedLoop && !results.some((r) => r.id === "durability")) results.splice(results.indexOf(savedLoop) + 1, 0, durabilityScenario(config, savedLoop));
  const report = (seconds: number, targetVerdicts: ReturnType<typeof verdicts>, partial: boolean): string => {
    const command = quick ? "npm run bench -- --quick" : "npm run bench";
    return [
      "# Durable Graphs — benchmark results",
      "",
      `Measured with \`${command}\`${onlyLabel ? ` (\`--only ${onlyLabel}\`)` : ""} in ${(seconds / 60).toFixed(1)} min: every peer in the same process, interleaved, the order rotated each repetition; ${config.repetitions} repetition(s), medians${quick ? " — **quick mode: small sizes, a smoke test of the harness, not a measurement**" : ""}. Peers that would blow the time budget are scaled down, as their rows say.`,
      "",
      ...(partial ? [`**Partial: written after each scenario; this run had finished ${results.map((r) => r.id).join(", ")} when this was written.**`, ""] : []),
      ...(skippedNote ? [`**Peers not measured in this run**: ${skippedNote}.`, ""] : []),
      "## Machine",
      "",
      machineMarkdown(machine),
      "",
      "## Targets",
      "",
      verdictsMarkdown(targetVerdicts),
      "",
      "## Summary (medians)",
      "",
      summaryMarkdown(config, results),
      "",
      "## Peers",
      "",
      peersMarkdown(),
      "",
      "## Scenarios",
      "",
      RATIO_LEGEND,
      "",
      ...results.flatMap((r) => [scenarioMarkdown(r), ""]),
      "## Editor",
      "",
      editorMarkdown(editor),
      "",
    ].join("\n");
  };
  const out = values.out ?? (quick ? undefined : join(__dirname, "RESULTS.md"));
  const step = async (id: string, run: () => Promise<ScenarioResult> | ScenarioResult) => {
    if (!wanted(id)) return;
    log(`▶ ${id}`);
    const result = await run();
    results.push(result);
    log(`  ${id}: ${result.seconds.toFixed(0)} s`);
    // What is measured so far, so a run stopped part-way leaves its figures (marked partial).
    if (out) writeFileSync(out, render(true).markdown);
  };
  const render = (partial: boolean) => {
    const seconds = saved ? saved.seconds : (performance.now() - started) / 1000;
    const targetVerdicts = verdicts(config, results, editor, skippedIds);
    return { seconds, targetVerdicts, markdown: report(seconds, targetVerdicts, partial) };
  };
  const scenarios: Record<(typeof SCENARIOS)[number], () => Promise<ScenarioResult> | ScenarioResult> = {
    chain3: () => chain3Scenario(ctx),
    loop: () => loopScenario(ctx),
    durability: () => durabilityScenario(config, results.find((r) => r.id === "loop")!),
    chat: () => chatScenario(ctx),
    bigstate: () => bigStateScenario(ctx),
    "fan-out": () => fanOutScenario(ctx),
    resume: () => resumeScenario(ctx),
    cli: () => userPathScenario(ctx),
    inspect: () => inspectScenario(ctx),
  };
  // `--only` runs its scenarios in the order given (durability right after the loop it regroups).
  const order = only ? [...only].flatMap((id) => (id === "loop" ? ["loop", "durability"] : id === "durability" ? [] : [id])) : [...SCENARIOS];
  if (!saved) for (const id of new Set(order)) await step(id, scenarios[id as (typeof SCENARIOS)[number]]);
  const { seconds, targetVerdicts, markdown } = render(false);

  process.stdout.write(`${markdown}\n`);
  if (out) {
    writeFileSync(out, markdown);
    log(`wrote ${out}`);
  }
  if (values.json) {
    writeFileSync(values.json, JSON.stringify({ quick, ...(onlyLabel ? { only: onlyLabel } : {}), machine, seconds, skippedPeers: skippedIds, scenarios: results, targets: targetVerdicts } satisfies SavedRun & { targets: unknown }, null, 2));
    log(`wrote ${values.json}`);
  }
  log(`done in ${seconds.toFixed(0)} s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
