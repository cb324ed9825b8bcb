#!/usr/bin/env node
// `npm run demo`: the seed's story in a shell. Run the three-step graph with CRASH=true (step_2 exits
// the process), then run the same command again: it finds the checkpoint after step_1 and resumes.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.join(__dirname, "..");
const cli = path.join(root, "bin", "durable-graphs.js");
const graph = "examples/durable-execution/durable.graph.ts";

function step(title, args, env) {
  console.log(`\n$ ${env.CRASH ? "CRASH=true " : ""}npx durable-graphs ${args.join(" ")}`);
  console.log(`# ${title}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`# exit code ${result.status}`);
  return result.status;
}

const crashed = step("run 1: step_1 runs, step_2 crashes the process", ["run", graph, "--thread", "demo", "--fresh"], { CRASH: "true" });
const resumed = step("run 2: the same command without CRASH resumes at step_2", ["run", graph, "--thread", "demo"], { CRASH: "" });
step("the thread's history: step_1 ran once", ["show", "demo"], {});
if (crashed !== 1 || resumed !== 0) {
  console.error(`\nunexpected exit codes: ${crashed} (crash run, expected 1) and ${resumed} (resume, expected 0)`);
  process.exit(1);
}
console.log("\nThe store is in .durable/ (git-ignored). `npx durable-graphs threads` lists its threads.");
