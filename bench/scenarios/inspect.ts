import { join } from "node:path";
import { chain3Graph } from "../graphs/chain3";
import { CLI_BIN, ensureDist } from "../harness/dist";
import { interleaved } from "../harness/interleave";
import { expect, type ScenarioContext } from "../harness/measurePeers";
import type { Row, ScenarioResult } from "../harness/results";
import { spawnTimed } from "../harness/spawnTimed";
import { withTempDir } from "../harness/tempDir";
import { durableGraphsPeers } from "../peers/durableGraphs";
import { sizeLabel } from "./loop";
import { prepareOurs } from "./resume";

/**
 * Looking at big stores from the CLI, whole process: `show` of a long thread (to its first line of
 * output and to its exit) and `threads` over a store of many threads (to its exit).
 */
export async function inspectScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = performance.now();
  const { threadSteps, threads } = ctx.config.inspect;
  ensureDist(ctx.log);
  return withTempDir("inspect", async (work) => {
    ctx.log(`  inspect · preparing a ${sizeLabel(threadSteps)}-step thread and a store of ${threads.toLocaleString("en-US")} threads`);
    const longDir = join(work, "long");
    await prepareOurs(longDir, threadSteps, threadSteps + 5);
    const manyStore = join(work, "many");
    const session = await durableGraphsPeers().find((p) => p.id === "ours")!.open(manyStore);
    const chain3 = chain3Graph();
    for (let i = 0; i < threads; i++) await session.run(chain3, `thread-${i}`);
    await session.close();

    const anyLine = (line: string) => line.trim().length > 0;
    const subjects = [
      {
        id: "show",
        label: `\`durable-graphs show loop\` on a ${sizeLabel(threadSteps)}-step thread`,
        run: () => spawnTimed([CLI_BIN, "show", "loop", "--store", join(longDir, ".durable")], anyLine),
        check: (lines: string[]) => lines.length > 10,
      },
      {
        id: "threads",
        label: `\`durable-graphs threads\` with ${threads.toLocaleString("en-US")} threads`,
        run: () => spawnTimed([CLI_BIN, "threads", "--store", manyStore], anyLine),
        check: (lines: string[]) => lines.filter((l) => l.includes("thread-")).length === threads,
      },
    ];
    for (const s of subjects) await s.run(); // untimed: the page cache holds the store for every repetition
    const measured = await interleaved(subjects, () => ctx.config.repetitions, async (subject, rep) => {
      const run = await subject.run();
      expect(subject.check(run.lines), `${subject.id}: unexpected output (${run.lines.length} lines): ${run.lines.slice(0, 3).join(" | ")}`);
      ctx.log(`  inspect · ${subject.id} · rep ${rep + 1}/${ctx.config.repetitions} · first line ${run.firstMs.toFixed(0)} ms, exit ${run.exitMs.toFixed(0)} ms`);
      return { firstLineMs: run.firstMs, exitMs: run.exitMs, lines: run.lines.length };
    });
    const rows: Row[] = subjects.map((s) => ({ peer: s.id, label: s.label, safety: "process", metrics: measured.get(s)!.medians, repetitions: ctx.config.repetitions }));
    return {
      id: "inspect",
      title: `inspect: \`show\` on a ${sizeLabel(threadSteps)}-step thread, \`threads\` with ${threads.toLocaleString("en-US")} threads (CLI, whole process)`,
      what: `\`node bin/durable-graphs.js show loop\` on a ${sizeLabel(threadSteps)}-step loop thread and \`threads\` on a store holding ${threads.toLocaleString("en-US")} chain3 threads, each a fresh process with its output read from a pipe (not a terminal); times from spawn to the first line of output and to exit, page cache warm.`,
      columns: [
        { key: "firstLineMs", header: "spawn → first line (ms)" },
        { key: "exitMs", header: "spawn → exit (ms)" },
        { key: "lines", header: "lines of output" },
      ],
      rows,
      notes: [],
      seconds: (performance.now() - started) / 1000,
    };
  });
}
