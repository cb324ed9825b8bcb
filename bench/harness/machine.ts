import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg, release, tmpdir, totalmem, type } from "node:os";

export interface Machine {
  nproc: number;
  cpu: string;
  memory: string;
  os: string;
  node: string;
  disk: string;
  date: string;
  load: string;
}

/** The machine a run measured, as the results file reports it. */
export function describeMachine(): Machine {
  return {
    nproc: nproc(),
    cpu: cpuModel(),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${type()} ${release()}`,
    node: process.version,
    disk: tmpFilesystem(),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    load: loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}

function nproc(): number {
  try {
    return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    return availableParallelism();
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    if (line) return line.split(":").slice(1).join(":").trim();
  } catch {
    // not Linux
  }
  return "unknown";
}

/** The filesystem the temp dirs live on (every peer writes there). */
function tmpFilesystem(): string {
  const dir = tmpdir();
  if (!existsSync("/proc/mounts")) return dir;
  const mounts = readFileSync("/proc/mounts", "utf8")
    .split("\n")
    .map((l) => l.split(" "))
    .filter((f) => f.length > 2 && (dir === f[1] || dir.startsWith(f[1] === "/" ? "/" : `${f[1]}/`)))
    .sort((a, b) => b[1]!.length - a[1]!.length);
  const m = mounts[0];
  return m ? `${dir} on ${m[0]} (${m[2]})` : dir;
}
