import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./bundle";

/** The CLI as a user runs it: the repository's launcher, which loads dist/cli.js. */
export const CLI_BIN = join(REPO_ROOT, "bin", "durable-graphs.js");
/** The runner the extension forks (src/extension/runs/runnerProcess.ts). */
export const RUNNER_JS = join(REPO_ROOT, "dist", "runner.js");

let built = false;

/** Builds dist/ from the working tree once per bench run (`node esbuild.js`, as `npm run build`), so the CLI and runner measured are this tree's. */
export function ensureDist(log: (message: string) => void): void {
  if (built) return;
  log("  building dist/ (node esbuild.js)");
  execFileSync(process.execPath, [join(REPO_ROOT, "esbuild.js")], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  built = true;
}
