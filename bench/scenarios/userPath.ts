import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromRunner } from "../../src/core/protocol/runnerMessages";
import { DONE, firstNodeMs } from "../children/marker";
import { CHAT_GRAPH_FILE, CHAT_GRAPH_SOURCE, LOOP_GRAPH_FILE, LOOP_GRAPH_SOURCE } from "../graphs/graphFiles";
import { bundleChild, CHILD_ENV } from "../harness/bundle";
import { CLI_BIN, ensureDist, RUNNER_JS } from "../harness/dist";
import { interleaved } from "../harness/interleave";
import { expect, type ScenarioContext } from "../harness/measurePeers";
import type { Row, ScenarioResult } from "../harness/results";
import { spawnTimed } from "../harness/spawnTimed";
import { withTempDir } from "../harness/tempDir";
import type { Safety } from "../peers/peer";
import { loadLangGraph } from "../peers/langGraphLoader";
import { sizeLabel } from "./loop";

type GraphKind = "loop" | "chat";

interface Subject {
  id: string;
  label: string;
  safety: Safety;
  graph: GraphKind;
  /** [small, large]: start-up is what the small run costs; the rest, per step, is the difference. */
  sizes: [number, number];
  /** Runs a new `steps`-step thread to its end in the empty `dir`: ms from spawn to exit, and the child's own start-up to its first node. */
  run(dir: string, steps: number): Promise<{ exitMs: number; childFirstMs: number }>;
}

/**
 * The user's path, whole process: `durable-graphs run <graph file>` from spawn to exit (its human
 * output, piped), the runner the extension forks (IPC, every message parsed as the extension does),
 * and LangGraph.js scripts doing the same (build the graph with SqliteSaver, invoke, exit). Each at a
 * small and a large size: the difference ÷ the extra steps is the cost per step beyond start-up,
 * compared with the engine's in-process cost per step (loop and chat scenarios, same run).
 */
export async function userPathScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const { smallSteps, loopSteps, chatSteps, peerChatSteps } = ctx.config.userPath;
  const langGraph = (await loadLangGraph()).module;
  ensureDist(ctx.log);
  return withTempDir("user-path", async (work) => {
    const bin = join(work, "bin");
    const oursJs = await bundleChild("bench/children/durableGraphsChild.ts", join(bin, "durable-graphs-child.js"));
    const lgJs = langGraph ? await bundleChild("bench/children/langGraphChild.ts", join(bin, "langgraph-child-external.js"), "external") : undefined;
    const graphFiles = { loop: [LOOP_GRAPH_FILE, LOOP_GRAPH_SOURCE], chat: [CHAT_GRAPH_FILE, CHAT_GRAPH_SOURCE] } as const;
    const withGraphFile = (dir: string, graph: GraphKind) => {
      mkdirSync(dir, { recursive: true });
      const [name, source] = graphFiles[graph];
      writeFileSync(join(dir, name), source);
      return join(dir, name);
    };
    const doneCount = (lines: string[]) => JSON.parse(lines.find((l) => l.startsWith(DONE))!.slice(DONE.length + 1)).count;

    const cli = (graph: GraphKind, large: number): Subject => ({
      id: "ours-cli",
      label: `durable-graphs CLI: \`durable-graphs run ${graphFiles[graph][0]} --thread t\` (human output, piped)`,
      safety: "process",
      graph,
      sizes: [smallSteps, large],
      async run(dir, steps) {
        const file = withGraphFile(dir, graph);
        const run = await spawnTimed([CLI_BIN, "run", file, "--thread", "t", "--store", join(dir, ".durable"), "--step-limit", String(steps + 10)], undefined, { BENCH_STEPS: String(steps) });
        expect(run.lines.some((l) => /complete/i.test(l)), `CLI run of ${graph} ${steps}: no "completed" line in ${run.lines.slice(-3).join(" | ")}`);
        return run;
      },
    });
    const script = (graph: GraphKind, large: number): Subject => ({
      id: "ours-script",
      label: "durable-graphs in a script (bundled; FileStore + executeThread)",
      safety: "process",
      graph,
      sizes: [smallSteps, large],
      async run(dir, steps) {
        mkdirSync(dir, { recursive: true });
        const run = await spawnTimed([oursJs, "cold", join(dir, ".durable"), "t", String(steps), graph], undefined);
        expect(doneCount(run.lines) === steps, `ours-script ${graph}: ended at ${doneCount(run.lines)}`);
        return run;
      },
    });
    const runner = (graph: GraphKind, large: number): Subject => ({
      id: "ours-runner",
      label: "the extension's runner (dist/runner.js forked with IPC, every message parsed)",
      safety: "process",
      graph,
      sizes: [smallSteps, large],
      run: (dir, steps) => runThroughRunner(withGraphFile(dir, graph), dir, steps),
    });
    const lgScript = (graph: GraphKind, large: number): Subject => ({
      id: "lg-script",
      label: "LangGraph.js + SqliteSaver in a script (packages from node_modules)",
      safety: "process",
      graph,
      sizes: [smallSteps, large],
      async run(dir, steps) {
        mkdirSync(dir, { recursive: true });
        const run = await spawnTimed([lgJs!, "cold", join(dir, "checkpoints.sqlite"), "t", String(steps), graph], undefined);
        expect(doneCount(run.lines) === steps, `lg-script ${graph}: ended at ${doneCount(run.lines)}`);
        return run;
      },
    });
    const subjects: Subject[] = [cli("loop", loopSteps), runner("loop", loopSteps), script("loop", loopSteps), cli("chat", chatSteps), runner("chat", chatSteps), script("chat", chatSteps)];
    if (lgJs) subjects.push(lgScript("loop", loopSteps), lgScript("chat", peerChatSteps));

    type Run = { subject: Subject; steps: number };
    const runs: Run[] = subjects.flatMap((subject) => subject.sizes.map((steps) => ({ subject, steps })));
    let n = 0;
    for (const { subject } of runs) await subject.run(join(work, `warm-${++n}`), smallSteps); // page cache, untimed
    const measured = await interleaved(runs, () => ctx.config.repetitions, async ({ subject, steps }, rep) => {
      const result = await subject.run(join(work, `run-${++n}`), steps);
      ctx.log(`  cli · ${subject.id} ${subject.graph} ${sizeLabel(steps)} · rep ${rep + 1}/${ctx.config.repetitions} · ${result.exitMs.toFixed(0)} ms`);
      return { exitMs: result.exitMs, childFirstMs: result.childFirstMs };
    });
    const rows: Row[] = [];
    for (const subject of subjects) {
      const [small, large] = subject.sizes;
      const s = measured.get(runs.find((r) => r.subject === subject && r.steps === small)!)!.medians;
      const l = measured.get(runs.find((r) => r.subject === subject && r.steps === large)!)!.medians;
      const base = { peer: `${subject.id}-${subject.graph}`, label: subject.label, safety: subject.safety, repetitions: ctx.config.repetitions };
      rows.push({ ...base, size: `${subject.graph} ${sizeLabel(small)}`, metrics: { exitMs: s.exitMs!, childFirstMs: s.childFirstMs! } });
      const perStepMs = (l.exitMs! - s.exitMs!) / (large - small);
      rows.push({ ...base, size: `${subject.graph} ${sizeLabel(large)}`, metrics: { exitMs: l.exitMs!, childFirstMs: l.childFirstMs!, perStepMs, stepsPerSec: 1000 / perStepMs } });
    }
    return {
      id: "cli",
      title: "the user's path: the CLI, the extension's runner and scripts, whole process (spawn → exit)",
      what: `Each run starts a new thread in an empty store and runs it to END in a fresh process: \`node bin/durable-graphs.js run <graph file> --thread t --step-limit N+10\` (dist/ built from this tree; the graph file is a .graph.mjs importing "durable-graphs", as a user writes it; its human output is read from a pipe); dist/runner.js forked with an IPC channel and sent a \`start\` request, as src/extension/runs/runnerProcess.ts does, every message parsed with the protocol schema; a script embedding durable-graphs; and a LangGraph.js script building the same graph with SqliteSaver (as shipped) and invoking it. "per step beyond start-up" = (t(N) − t(${smallSteps})) ÷ (N − ${smallSteps}); "start-up" is the child's own \`performance.now()\` at its first node. LangGraph.js runs the chat graph at ${sizeLabel(peerChatSteps)} steps (it stores the whole list every step).`,
      columns: [
        { key: "exitMs", header: "spawn → exit (ms)" },
        { key: "childFirstMs", header: "process start → first node (ms, inside the child)" },
        { key: "perStepMs", header: "ms/step beyond start-up", optional: true },
        { key: "stepsPerSec", header: "steps/s beyond start-up", optional: true },
      ],
      rows,
      notes: [],
      seconds: (performance.now() - started) / 1000,
    };
  });
}

/** Forks the runner as the extension does, sends one `start` request, parses every message, waits for its exit. */
function runThroughRunner(file: string, dir: string, steps: number): Promise<{ exitMs: number; childFirstMs: number }> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = fork(RUNNER_JS, [], {
      cwd: dir,
      detached: true,
      execArgv: [],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...CHILD_ENV, BENCH_STEPS: String(steps) },
    });
    let stderr = "";
    let childFirstMs = Number.NaN;
    let result: { status: string; step: number } | undefined;
    let events = 0;
    child.stdout!.setEncoding("utf8").on("data", () => undefined);
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      stderr = (stderr + d).slice(-4000);
      for (const line of d.split("\n")) if (Number.isNaN(childFirstMs)) childFirstMs = firstNodeMs(line);
    });
    child.on("message", (raw) => {
      const parsed = fromRunner.safeParse(raw);
      if (!parsed.success) return reject(new Error(`unreadable runner message: ${parsed.error.message}`));
      if (parsed.data.type === "event") events++;
      else if (parsed.data.type === "events") events += parsed.data.events.length;
      else if (parsed.data.type === "result") result = parsed.data;
      else if (parsed.data.type === "error") reject(new Error(`runner error: ${parsed.data.error.message}`));
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const exitMs = performance.now() - start;
      if (result?.status !== "completed") return reject(new Error(`runner exited ${code ?? signal} with ${JSON.stringify(result)} after ${events} events: ${stderr}`));
      resolvePromise({ exitMs, childFirstMs });
    });
    child.send({ type: "start", request: { storeDir: join(dir, ".durable"), workspace: dir, thread: "t", mode: "run", file, stepLimit: steps + 10 } });
  });
}
