import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DONE, FIRST_NODE } from "../children/marker";
import { loopGraph } from "../graphs/loop";
import { bundleChild } from "../harness/bundle";
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
import { openSqliteSaver, sqliteBytes, buildLangGraph } from "../peers/langGraph";
import { sizeLabel } from "./loop";

/** Steps a resumed run still has to go: it must reach END for the child to exit 0. */
const REMAINING = 5;
const COLD_STEPS = 3;
const THREAD = "loop";
const GRAPH_FILE = "loop.graph.mjs";

/** The CLI's graph file: the same loop, its target taken from the environment. */
const GRAPH_SOURCE = `import { StateGraph, START, END, z } from "durable-graphs";
const steps = Number(process.env.BENCH_LOOP_STEPS);
export default new StateGraph(z.object({ count: z.number().default(0) }))
  .addNode("tick", (state) => ({ count: state.count + 1 }))
  .addEdge(START, "tick")
  .addConditionalEdges("tick", (state) => (state.count < steps ? "tick" : END), ["tick", END]);
`;

interface Subject {
  id: string;
  label: string;
  safety: Safety;
  /** Resumes the prepared thread, copied into `dir`. */
  resume(dir: string): Promise<TimedSpawn>;
  /** Starts a new thread in the empty `dir`. */
  cold(dir: string): Promise<TimedSpawn>;
  /** The prepared thread's store (copied into each run's dir). */
  source: string;
  storeBytes: number;
}

/**
 * A fresh process resumes a long thread: time from spawn to its first resumed node. And the cold start:
 * a fresh process starting a new thread in an empty store, to its first node. Each run resumes its own
 * copy of the thread (page cache warm for everyone).
 */
export async function resumeScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const steps = ctx.config.resume.threadSteps;
  const target = steps + REMAINING;
  return withTempDir("resume", async (work) => {
    const bin = join(work, "bin");
    ctx.log(`  resume · bundling the children and preparing ${sizeLabel(steps)}-step threads`);
    const [oursJs, cliJs, lgJs, lgExternalJs, emptyJs] = await Promise.all([
      bundleChild("bench/children/durableGraphsChild.ts", join(bin, "durable-graphs-child.js")),
      bundleChild("src/cli/main.ts", join(bin, "cli.js")),
      bundleChild("bench/children/langGraphChild.ts", join(bin, "langgraph-child.js")),
      bundleChild("bench/children/langGraphChild.ts", join(bin, "langgraph-child-external.js"), "external"),
      bundleChild("bench/children/emptyChild.ts", join(bin, "empty-child.js")),
    ]);

    const oursSource = join(work, "ours-thread");
    const oursBytes = await prepareOurs(oursSource, steps, target);
    const lgSource = join(work, "lg-thread");
    const lgBytes = await prepareLangGraph(lgSource, steps, target);

    const isDone = (line: string) => line.startsWith(DONE);
    const doneCount = (run: TimedSpawn) => JSON.parse(run.lines.find(isDone)!.slice(DONE.length + 1)).count;
    const cliDoneCount = (run: TimedSpawn) => run.lines.map((l) => JSON.parse(l)).find((e) => e.type === "done")?.state?.count;
    const isMarker = (line: string) => line === FIRST_NODE;
    const isNodeStarted = (line: string) => line.includes('"type":"node-started"');

    const script = (js: string, source: string, store: (dir: string) => string): Pick<Subject, "resume" | "cold"> => ({
      async resume(dir) {
        cpSync(source, dir, { recursive: true });
        const run = await spawnTimed([js, "resume", store(dir), THREAD, String(target)], isMarker);
        expect(doneCount(run) === target, `${js}: resumed thread ended at ${doneCount(run)}, not ${target}`);
        return run;
      },
      async cold(dir) {
        mkdirSync(dir, { recursive: true });
        const run = await spawnTimed([js, "cold", store(dir), "cold", String(COLD_STEPS)], isMarker);
        expect(doneCount(run) === COLD_STEPS, `${js}: new thread ended at ${doneCount(run)}`);
        return run;
      },
    });
    const oursStore = (dir: string) => join(dir, ".durable");
    const lgStore = (dir: string) => join(dir, "checkpoints.sqlite");
    const ours = durableGraphsPeers().find((p) => p.id === "ours")!;
    const subjects: Subject[] = [
      { id: "ours", label: `${ours.label}, an embedding script`, safety: "process", source: oursSource, storeBytes: oursBytes, ...script(oursJs, oursSource, oursStore) },
      {
        id: "ours-cli",
        label: "durable-graphs CLI (`durable-graphs resume`, bundles the graph file)",
        safety: "process",
        source: oursSource,
        storeBytes: oursBytes,
        async resume(dir) {
          cpSync(oursSource, dir, { recursive: true });
          const run = await spawnTimed([cliJs, "resume", THREAD, "--store", oursStore(dir), "--json", "--step-limit", String(target + 10)], isNodeStarted, { BENCH_LOOP_STEPS: String(target) });
          expect(cliDoneCount(run) === target, `CLI: resumed thread ended at ${cliDoneCount(run)}`);
          return run;
        },
        async cold(dir) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, GRAPH_FILE), GRAPH_SOURCE);
          const run = await spawnTimed([cliJs, "run", join(dir, GRAPH_FILE), "--thread", "cold", "--store", oursStore(dir), "--json"], isNodeStarted, { BENCH_LOOP_STEPS: String(COLD_STEPS) });
          expect(cliDoneCount(run) === COLD_STEPS, `CLI: new thread ended at ${cliDoneCount(run)}`);
          return run;
        },
      },
      { id: "lg-sqlite", label: "LangGraph.js + SqliteSaver (as shipped), bundled like ours", safety: "process", source: lgSource, storeBytes: lgBytes, ...script(lgJs, lgSource, lgStore) },
      {
        id: "lg-sqlite-node-modules",
        label: "LangGraph.js + SqliteSaver, loaded from node_modules",
        safety: "process",
        source: lgSource,
        storeBytes: lgBytes,
        ...script(lgExternalJs, lgSource, lgStore),
      },
      {
        id: "node",
        label: "machine floor: spawn node, print a line",
        safety: "none",
        source: "",
        storeBytes: 0,
        resume: () => spawnTimed([emptyJs], isMarker),
        cold: () => spawnTimed([emptyJs], isMarker),
      },
    ];

    let runs = 0;
    // One untimed resume and cold start each first: the page cache holds every module and store file for all.
    for (const subject of subjects) {
      await subject.resume(join(work, `run-${++runs}`));
      await subject.cold(join(work, `run-${++runs}`));
    }
    const measured = await interleaved(subjects, () => ctx.config.repetitions, async (subject, rep) => {
      const resumed = await subject.resume(join(work, `run-${++runs}`));
      const cold = await subject.cold(join(work, `run-${++runs}`));
      ctx.log(`  resume · ${subject.id} · rep ${rep + 1}/${ctx.config.repetitions} · resume ${resumed.firstMs.toFixed(0)} ms, cold ${cold.firstMs.toFixed(0)} ms`);
      return { resumeMs: resumed.firstMs, resumeExitMs: resumed.exitMs, coldMs: cold.firstMs, storeBytes: subject.storeBytes };
    });
    // Node's own start is the same for everyone and no library can go below it: the part above it is theirs.
    const floor = measured.get(subjects.find((s) => s.id === "node")!)!.medians;
    const rows: Row[] = subjects.map((s) => {
      const m = measured.get(s)!.medians;
      const metrics = { ...m, resumeAboveNodeMs: m.resumeMs! - floor.resumeMs!, coldAboveNodeMs: m.coldMs! - floor.coldMs! };
      return { peer: s.id, label: s.label, safety: s.safety, metrics, repetitions: ctx.config.repetitions };
    });
    return {
      id: "resume",
      title: `resume: a fresh process resumes a ${sizeLabel(steps)}-step thread; cold start of an empty run`,
      what: `A ${sizeLabel(steps)}-step loop thread is prepared in each store (it stopped at its step limit, ${REMAINING} steps short of END). Each run spawns a fresh node process on its own copy of it; "resume" is the time from spawn to the first resumed node, "cold start" from spawn to the first node of a new thread in an empty store. The children are bundled with esbuild into a temp dir (better-sqlite3 stays native); one LangGraph.js row loads its packages from node_modules instead, as applications usually do. "above node's own start" subtracts the machine floor (spawning node to print a line).`,
      columns: [
        { key: "resumeMs", header: "resume: spawn → first node (ms)", ratio: "lower-is-better" },
        { key: "coldMs", header: "cold start: spawn → first node (ms)", ratio: "lower-is-better" },
        { key: "resumeAboveNodeMs", header: "resume above node's own start (ms)", ratio: "lower-is-better" },
        { key: "coldAboveNodeMs", header: "cold start above node's own start (ms)", ratio: "lower-is-better" },
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
async function prepareOurs(dir: string, steps: number, target: number): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, GRAPH_FILE), GRAPH_SOURCE);
  const graph = buildDurableGraph(loopGraph(target));
  const store = new FileStore(join(dir, ".durable"));
  const state = graph.schema.parse({}) as Record<string, unknown>;
  const writer = await store.create({ thread: THREAD, graph: GRAPH_FILE, state, next: await nextNodes(graph, [START], state) });
  try {
    const result = await executeThread({ graph, writer, stepLimit: steps });
    expect(result.status === "failed" && result.step === steps && (result.state.count as number) === steps, `preparing our thread: ${result.status} at step ${result.step}`);
  } finally {
    await writer.close();
  }
  return bytesUnder(join(dir, ".durable"));
}

/** LangGraph's thread: the same loop stopped by its recursion limit after `steps` steps. */
async function prepareLangGraph(dir: string, steps: number, target: number): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "checkpoints.sqlite");
  const saver = openSqliteSaver(file, "NORMAL");
  const app = buildLangGraph(loopGraph(target), saver);
  const config = { configurable: { thread_id: THREAD } };
  try {
    await app.invoke({}, { ...config, recursionLimit: steps });
    throw new Error("preparing LangGraph's thread: it reached END instead of its recursion limit");
  } catch (error) {
    if ((error as Error).name !== "GraphRecursionError") throw error;
  }
  const snapshot = await app.getState(config);
  expect(snapshot.values.count === steps && snapshot.next.includes("tick"), `preparing LangGraph's thread: count ${snapshot.values.count}, next ${snapshot.next}`);
  const bytes = sqliteBytes(saver, file);
  saver.db.close();
  return bytes;
}
