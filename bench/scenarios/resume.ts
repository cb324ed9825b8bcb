import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DONE, FIRST_NODE } from "../children/marker";
import { LOOP_GRAPH_FILE, LOOP_GRAPH_SOURCE } from "../graphs/graphFiles";
import { loopGraph } from "../graphs/loop";
import { bundleChild } from "../harness/bundle";
import { CLI_BIN, ensureDist } from "../harness/dist";
import { interleaved } from "../harness/interleave";
import { expect, type ScenarioContext } from "../harness/measurePeers";
import type { Row, ScenarioResult } from "../harness/results";
import { spawnTimed, type TimedSpawn } from "../harness/spawnTimed";
import { bytesUnder, withTempDir } from "../harness/tempDir";
import type { Safety } from "../peers/peer";
import { executeThread } from "../../src/core/executor/executeThread";
import { nextNodes } from "../../src/core/executor/routing";
import { START } from "../../src/core/sdk/index";
import { FileStore } from "../../src/core/store/file/fileStore";
import { buildDurableGraph, durableGraphsPeers } from "../peers/durableGraphs";
import { loadLangGraph, type LangGraphModule } from "../peers/langGraphLoader";
import { sizeLabel } from "./loop";

/** Steps a resumed run still has to go: it must reach END for the child to exit 0. */
const REMAINING = 5;
const COLD_STEPS = 3;
const THREAD = "loop";

interface Subject {
  id: string;
  label: string;
  safety: Safety;
  /** The thread lengths this subject resumes (the cold start is measured with the first). */
  sizes: number[];
  /** Resumes the prepared `steps`-step thread, copied into `dir`. */
  resume(dir: string, steps: number): Promise<TimedSpawn>;
  /** Starts a new thread in the empty `dir`. */
  cold(dir: string): Promise<TimedSpawn>;
  storeBytes(steps: number): number;
}

/**
 * A fresh process resumes a long thread: time to its first resumed node, from the process's own start
 * (its `performance.now()` there, measured inside it) and from spawn (as the user waits). The same
 * for short and very long threads (flat?), and the cold start: a new thread in an empty store. Each
 * run resumes its own copy of the thread (page cache warm for everyone).
 */
export async function resumeScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const { threadSteps: mid, shortSteps, longSteps } = ctx.config.resume;
  const langGraph = (await loadLangGraph()).module;
  ensureDist(ctx.log);
  return withTempDir("resume", async (work) => {
    const bin = join(work, "bin");
    ctx.log(`  resume · bundling the children and preparing ${[shortSteps, mid, longSteps].map(sizeLabel).join(", ")}-step threads`);
    const [oursJs, emptyJs] = await Promise.all([
      bundleChild("bench/children/durableGraphsChild.ts", join(bin, "durable-graphs-child.js")),
      bundleChild("bench/children/emptyChild.ts", join(bin, "empty-child.js")),
    ]);
    const oursSources = new Map<number, { dir: string; bytes: number }>();
    for (const steps of [shortSteps, mid, longSteps]) {
      const dir = join(work, `ours-thread-${steps}`);
      oursSources.set(steps, { dir, bytes: await prepareOurs(dir, steps, steps + REMAINING) });
    }

    const isDone = (line: string) => line.startsWith(DONE);
    const doneCount = (run: TimedSpawn) => JSON.parse(run.lines.find(isDone)!.slice(DONE.length + 1)).count;
    const cliDoneCount = (run: TimedSpawn) => run.lines.map((l) => JSON.parse(l)).find((e) => e.type === "done")?.state?.count;
    const isMarker = (line: string) => line.startsWith(FIRST_NODE);
    const isNodeStarted = (line: string) => line.includes('"type":"node-started"');
    const oursStore = (dir: string) => join(dir, ".durable");
    const lgStore = (dir: string) => join(dir, "checkpoints.sqlite");

    const script = (js: string, sources: Map<number, { dir: string; bytes: number }>, store: (dir: string) => string): Pick<Subject, "resume" | "cold" | "storeBytes"> => ({
      async resume(dir, steps) {
        cpSync(sources.get(steps)!.dir, dir, { recursive: true });
        const run = await spawnTimed([js, "resume", store(dir), THREAD, String(steps + REMAINING)], isMarker);
        expect(doneCount(run) === steps + REMAINING, `${js}: resumed thread ended at ${doneCount(run)}, not ${steps + REMAINING}`);
        return run;
      },
      async cold(dir) {
        mkdirSync(dir, { recursive: true });
        const run = await spawnTimed([js, "cold", store(dir), "cold", String(COLD_STEPS)], isMarker);
        expect(doneCount(run) === COLD_STEPS, `${js}: new thread ended at ${doneCount(run)}`);
        return run;
      },
      storeBytes: (steps) => sources.get(steps)!.bytes,
    });
    const ours = durableGraphsPeers().find((p) => p.id === "ours")!;
    const subjects: Subject[] = [
      { id: "ours", label: `${ours.label}, an embedding script`, safety: "process", sizes: [mid, shortSteps, longSteps], ...script(oursJs, oursSources, oursStore) },
      {
        id: "ours-cli",
        label: "durable-graphs CLI (`durable-graphs resume --json`; it bundles the graph file)",
        safety: "process",
        sizes: [mid, shortSteps, longSteps],
        async resume(dir, steps) {
          cpSync(oursSources.get(steps)!.dir, dir, { recursive: true });
          const target = steps + REMAINING;
          const run = await spawnTimed([CLI_BIN, "resume", THREAD, "--store", oursStore(dir), "--json", "--step-limit", String(target + 10)], isNodeStarted, { BENCH_STEPS: String(target) });
          expect(cliDoneCount(run) === target, `CLI: resumed thread ended at ${cliDoneCount(run)}`);
          return run;
        },
        async cold(dir) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, LOOP_GRAPH_FILE), LOOP_GRAPH_SOURCE);
          const run = await spawnTimed([CLI_BIN, "run", join(dir, LOOP_GRAPH_FILE), "--thread", "cold", "--store", oursStore(dir), "--json"], isNodeStarted, { BENCH_STEPS: String(COLD_STEPS) });
          expect(cliDoneCount(run) === COLD_STEPS, `CLI: new thread ended at ${cliDoneCount(run)}`);
          return run;
        },
        storeBytes: (steps) => oursSources.get(steps)!.bytes,
      },
    ];
    if (langGraph) {
      const [lgJs, lgExternalJs] = await Promise.all([
        bundleChild("bench/children/langGraphChild.ts", join(bin, "langgraph-child.js")),
        bundleChild("bench/children/langGraphChild.ts", join(bin, "langgraph-child-external.js"), "external"),
      ]);
      const lgDir = join(work, "lg-thread");
      const lgSources = new Map([[mid, { dir: lgDir, bytes: await prepareLangGraph(langGraph, lgDir, mid, mid + REMAINING) }]]);
      subjects.push(
        { id: "lg-sqlite", label: "LangGraph.js + SqliteSaver (as shipped), bundled like ours", safety: "process", sizes: [mid], ...script(lgJs, lgSources, lgStore) },
        { id: "lg-sqlite-node-modules", label: "LangGraph.js + SqliteSaver, loaded from node_modules", safety: "process", sizes: [mid], ...script(lgExternalJs, lgSources, lgStore) },
      );
    }
    subjects.push({
      id: "node",
      label: "machine floor: spawn node, print a line",
      safety: "none",
      sizes: [mid],
      resume: () => spawnTimed([emptyJs], isMarker),
      cold: () => spawnTimed([emptyJs], isMarker),
      storeBytes: () => 0,
    });

    type Run = { subject: Subject; steps: number };
    const runsOf: Run[] = subjects.flatMap((subject) => subject.sizes.map((steps) => ({ subject, steps })));
    let runs = 0;
    // One untimed resume and cold start each first: the page cache holds every module and store file for all.
    for (const { subject, steps } of runsOf) {
      await subject.resume(join(work, `run-${++runs}`), steps);
      if (steps === mid) await subject.cold(join(work, `run-${++runs}`));
    }
    const measured = await interleaved(runsOf, () => ctx.config.repetitions, async ({ subject, steps }, rep) => {
      const resumed = await subject.resume(join(work, `run-${++runs}`), steps);
      const cold = steps === mid ? await subject.cold(join(work, `run-${++runs}`)) : undefined;
      ctx.log(`  resume · ${subject.id} ${sizeLabel(steps)} · rep ${rep + 1}/${ctx.config.repetitions} · resume ${resumed.childFirstMs.toFixed(0)} ms from the child's start, ${resumed.firstMs.toFixed(0)} ms from spawn${cold ? `; cold ${cold.firstMs.toFixed(0)} ms` : ""}`);
      return {
        resumeInChildMs: resumed.childFirstMs,
        resumeMs: resumed.firstMs,
        resumeExitMs: resumed.exitMs,
        ...(cold ? { coldInChildMs: cold.childFirstMs, coldMs: cold.firstMs } : {}),
        storeBytes: subject.storeBytes(steps),
      };
    });
    const floorRun = runsOf.find((r) => r.subject.id === "node")!;
    const floor = measured.get(floorRun)!.medians;
    const rows: Row[] = runsOf.map((run) => {
      const m = measured.get(run)!.medians;
      const above = (key: string) => (m[key] === undefined ? {} : { [`${key}AboveNode`]: m[key]! - floor[key]! });
      return {
        peer: run.subject.id,
        label: run.subject.label,
        safety: run.subject.safety,
        size: run.subject.id === "node" ? "–" : sizeLabel(run.steps),
        metrics: { ...m, ...above("resumeMs"), ...above("coldMs") },
        repetitions: ctx.config.repetitions,
      };
    });
    return {
      id: "resume",
      title: `resume: a fresh process resumes a ${sizeLabel(mid)}-step thread (and ${sizeLabel(shortSteps)}- and ${sizeLabel(longSteps)}-step ones); cold start of an empty run`,
      what: `Loop threads are prepared in each store (each stopped at its step limit, ${REMAINING} steps short of END). Each run spawns a fresh node process on its own copy; "from its start" is the child's own \`performance.now()\` at its first resumed node (ms since the process's time origin, measured inside it), "from spawn" is when the parent read that node's line. "cold start": a new thread in an empty store, to its first node. The script children are bundled with esbuild into a temp dir (better-sqlite3 stays native); one LangGraph.js row loads its packages from node_modules instead, as applications usually do. The CLI row runs \`bin/durable-graphs.js\` (dist/ built from this tree); its graph file marks the first node on stderr. "above node" subtracts the machine floor (spawning node to print a line). LangGraph.js resumes the ${sizeLabel(mid)}-step thread only.`,
      columns: [
        { key: "resumeInChildMs", header: "resume: process start → first node (ms, inside the child)", ratio: "lower-is-better" },
        { key: "resumeMs", header: "resume: spawn → first node (ms)", ratio: "lower-is-better" },
        { key: "resumeMsAboveNode", header: "resume from spawn, above node (ms)", ratio: "lower-is-better" },
        { key: "coldInChildMs", header: "cold start: process start → first node (ms)", ratio: "lower-is-better", optional: true },
        { key: "coldMs", header: "cold start: spawn → first node (ms)", ratio: "lower-is-better", optional: true },
        { key: "resumeExitMs", header: `resume: spawn → exit (ms, ${REMAINING} steps run)` },
        { key: "storeBytes", header: "thread on disk (bytes)" },
      ],
      rows,
      notes: [],
      seconds: (performance.now() - started) / 1000,
    };
  });
}

/** Our thread: `steps` committed steps, stopped by the step limit (resumable), its graph file beside the store. */
export async function prepareOurs(dir: string, steps: number, target: number): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOOP_GRAPH_FILE), LOOP_GRAPH_SOURCE);
  const graph = buildDurableGraph(loopGraph(target));
  const store = new FileStore(join(dir, ".durable"));
  const state = graph.schema.parse({}) as Record<string, unknown>;
  const writer = await store.create({ thread: THREAD, graph: LOOP_GRAPH_FILE, state, next: await nextNodes(graph, [START], state) });
  try {
    const result = await executeThread({ graph, writer, stepLimit: steps });
    expect(result.status === "failed" && result.step === steps && (result.state.count as number) === steps, `preparing our thread: ${result.status} at step ${result.step}`);
  } finally {
    await writer.close();
  }
  return bytesUnder(join(dir, ".durable"));
}

/** LangGraph's thread: the same loop stopped by its recursion limit after `steps` steps. */
async function prepareLangGraph(lg: LangGraphModule, dir: string, steps: number, target: number): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "checkpoints.sqlite");
  const saver = lg.openSqliteSaver(file, "NORMAL");
  const app = lg.buildLangGraph(loopGraph(target), saver);
  const config = { configurable: { thread_id: THREAD } };
  try {
    await app.invoke({}, { ...config, recursionLimit: steps });
    throw new Error("preparing LangGraph's thread: it reached END instead of its recursion limit");
  } catch (error) {
    if ((error as Error).name !== "GraphRecursionError") throw error;
  }
  const snapshot = await app.getState(config);
  expect(snapshot.values.count === steps && snapshot.next.includes("tick"), `preparing LangGraph's thread: count ${snapshot.values.count}, next ${snapshot.next}`);
  const bytes = lg.sqliteBytes(saver, file);
  saver.db.close();
  return bytes;
}
