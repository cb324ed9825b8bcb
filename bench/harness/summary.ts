import type { BenchConfig } from "../config";
import { sizeLabel } from "../scenarios/loop";
import { findRow, type ScenarioResult } from "./results";
import { formatNumber } from "./stats";

/** The headline numbers, one line per scenario, one column per main peer (the README's table). */
export function summaryMarkdown(config: BenchConfig, results: readonly ScenarioResult[]): string {
  const sizes = config.loop.sizes;
  const mid = sizeLabel(sizes.includes(10_000) ? 10_000 : sizes.at(-1)!);
  const big = sizeLabel(sizes.at(-1)!);
  const peers = [
    ["ours", "durable-graphs"],
    ["ours-fsync", "durable-graphs --fsync"],
    ["lg-none", "LangGraph.js, no checkpointer"],
    ["lg-sqlite", "LangGraph.js + SqliteSaver (NORMAL)"],
    ["lg-sqlite-full", "LangGraph.js + SqliteSaver (FULL)"],
    ["seed", "seed-style JSON file"],
  ] as const;
  const lines: [string, string, string, string?][] = [
    [`chain3: invokes/s (new thread each)`, "chain3", "invokesPerSec"],
    [`loop ${mid}: steps/s`, "loop", "stepsPerSec", mid],
    [`loop ${big}: steps/s`, "loop", "stepsPerSec", big],
    [`loop ${big}: last-10% ÷ first-10% ms/step`, "loop", "growth", big],
    [`chat ${sizeLabel(config.chat.peerSteps)}: steps/s`, "chat", "stepsPerSec", sizeLabel(config.chat.peerSteps)],
    [`chat ${sizeLabel(config.chat.sizes.at(-1)!)}: steps/s`, "chat", "stepsPerSec", sizeLabel(config.chat.sizes.at(-1)!)],
    [`chat ${sizeLabel(config.chat.sizes.at(-1)!)}: last-10% ÷ first-10% ms/step`, "chat", "growth", sizeLabel(config.chat.sizes.at(-1)!)],
    [`bigstate: bytes on disk/step`, "bigstate", "bytesPerStep"],
    [`fan-out ×${config.fanOut.width}: steps/s`, "fan-out", "stepsPerSec"],
  ];
  const out = [`| | ${peers.map(([, label]) => label).join(" | ")} |`, `|---|${peers.map(() => "---").join("|")}|`];
  for (const [title, scenario, key, size] of lines) {
    if (!results.some((r) => r.id === scenario)) continue;
    out.push(`| ${title} | ${peers.map(([peer]) => formatNumber(findRow(results, scenario, peer, size)?.metrics[key])).join(" | ")} |`);
  }
  if (results.some((r) => r.id === "resume")) {
    // The resume scenario runs our default store and LangGraph's SqliteSaver as shipped only.
    const label = sizeLabel(config.resume.threadSteps);
    const cells = (key: string) => peers.map(([peer]) => formatNumber(findRow(results, "resume", peer, label)?.metrics[key])).join(" | ");
    out.push(`| resume a ${label}-step thread: process start → first node (ms, inside it) | ${cells("resumeInChildMs")} |`);
    out.push(`| resume a ${label}-step thread: spawn → first node (ms) | ${cells("resumeMs")} |`);
    out.push(`| cold start, empty store: spawn → first node (ms) | ${cells("coldMs")} |`);
  }
  return out.join("\n");
}
