import { isDeepStrictEqual } from "node:util";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { cli, errorOf, exitOf, tail, type CliRun } from "./cliProcesses";
import type { Finding } from "./tally";
import { readRelease, threadDir } from "./threadFiles";

/** The chain graph's final state, `by` (which process ran each step) aside. */
export interface ChainState {
  count: number;
  steps: string[];
  by: number[];
  blob: string;
}

/** The state without `by`: the part that is the same however the run was interrupted. */
export function withoutBy(state: ChainState): Omit<ChainState, "by"> {
  const { by, ...rest } = state;
  void by;
  return rest;
}

/** What a racer did, as its exit code and `--json` output tell. */
export type Role =
  /** Ran the thread to its end: exit 0, a `done` event, and steps it committed itself. */
  | "completed"
  /** Found the thread already completed (`done` with nothing run): exit 0. */
  | "found-completed"
  /** Refused because another process holds the thread: exit 3, THREAD_LOCKED. */
  | "locked"
  /** Taken over while it ran: exit 3, FENCED. */
  | "fenced"
  | "bad";

export function roleOf(run: CliRun): { role: Role; why?: string } {
  const { result } = run;
  if (run.hung || result.signal) return { role: "bad", why: exitOf(run) };
  const error = errorOf(result);
  if (result.code === 3) {
    if (error?.code === "THREAD_LOCKED") return { role: "locked" };
    if (error?.code === "FENCED") return { role: "fenced" };
    return { role: "bad", why: `exit 3 without THREAD_LOCKED or FENCED: ${tail(result)}` };
  }
  if (result.code !== 0) return { role: "bad", why: `${exitOf(run)}${error ? ` ${error.code}: ${error.message}` : ""} — ${tail(result)}` };
  const done = result.json.find((d) => (d as { type?: string }).type === "done") as { alreadyFinished?: boolean } | undefined;
  if (!done) return { role: "bad", why: `exit 0 without a done event: ${tail(result)}` };
  const committed = result.events.filter((e) => e.type === "checkpoint").length;
  if (done.alreadyFinished) return committed ? { role: "bad", why: "committed steps yet said the thread was already completed" } : { role: "found-completed" };
  if (committed > 0) return { role: "completed" };
  const started = result.events.find((e) => e.type === "run-started");
  // Opened the thread an instant after the winner ended it: nothing was due, nothing ran.
  if (started?.type === "run-started" && started.next.length === 0) return { role: "found-completed" };
  return { role: "bad", why: `done without committing any of the steps due (${started?.type === "run-started" ? started.next.join(", ") : "?"})` };
}

export interface RaceContext {
  /** `race 17 (seed 123)`: names the round in every finding. */
  label: string;
  cwd: string;
  storeDir: string;
  thread: string;
  env: Record<string, string>;
  racers: CliRun[];
  /** How many steps the graph has. */
  steps: number;
  /** The uninterrupted run's final state. */
  reference: ChainState;
  /** The owner killed before the race: its pid and the last step it committed. */
  crashed?: { pid: number; step: number };
}

export interface RaceVerdict {
  findings: Finding[];
  roles: Role[];
  /** verify or show refused the thread, or its history is not each step once. */
  corrupted: boolean;
}

/**
 * What a user would check after the racers are gone: one racer finished the thread and every other was
 * refused or found it finished; the journal verifies; `show` lists each step once with contiguous
 * sequence numbers; the state is the uninterrupted run's; and a release ending the newest segment is
 * that segment's owner's, never a racer that lost. (`threads` is asked once for many races: `checkListed`.)
 */
export async function checkRace(ctx: RaceContext): Promise<RaceVerdict> {
  const findings: Finding[] = [];
  const find = (kind: string, message: string) => findings.push({ kind, message: `${ctx.label}: ${message}` });
  const who = (run: CliRun) => `${run.label} (pid ${run.pid}, \`${run.args.join(" ")}\`)`;
  const dir = threadDir(ctx.storeDir, ctx.thread);

  const roles = ctx.racers.map((run) => {
    const { role, why } = roleOf(run);
    if (role === "bad") find("racer-exit", `${who(run)}: ${why}`);
    return role;
  });
  const winners = ctx.racers.filter((_, i) => roles[i] === "completed");
  const losers = ctx.racers.filter((_, i) => roles[i] === "locked" || roles[i] === "fenced");
  if (winners.length !== 1) {
    find("owners", `${winners.length} racers ran the thread to its end (${winners.map(who).join("; ") || "none"}); exactly one should`);
  }
  const from = ctx.crashed ? ctx.crashed.step + 1 : 1;
  const due = Array.from({ length: ctx.steps - from + 1 }, (_, i) => from + i);
  for (const winner of winners) {
    const committed = winner.result.events.flatMap((e) => (e.type === "checkpoint" ? [e.step] : []));
    if (!isDeepStrictEqual(committed, due)) find("owners", `${who(winner)} committed steps [${committed.join(", ")}], expected [${due.join(", ")}]`);
  }

  const env = ctx.env;
  const [verify, show] = await Promise.all([cli(["verify", ctx.thread, "--json"], { cwd: ctx.cwd, env }), cli(["show", ctx.thread, "--json"], { cwd: ctx.cwd, env })]);
  let corrupted = false;
  if (verify.result.code !== 0) {
    corrupted = true;
    find("verify", `\`verify ${ctx.thread}\` ${exitOf(verify)}: ${errorOf(verify.result)?.message ?? tail(verify.result)}`);
  }
  if (show.result.code !== 0) {
    corrupted = true;
    find("show", `\`show ${ctx.thread} --json\` ${exitOf(show)}: ${errorOf(show.result)?.message ?? tail(show.result)}`);
  } else {
    const records = ((show.result.json[0] ?? {}) as { records?: { seq: number; type: string; step?: number }[] }).records ?? [];
    const seqs = records.map((r) => r.seq);
    const gap = seqs.findIndex((seq, i) => seq !== i);
    if (gap !== -1) {
      corrupted = true;
      find("show", `record ${gap} of \`show --json\` has sequence number ${seqs[gap]} (not contiguous)`);
    }
    const steps = records.filter((r) => r.type === "checkpoint").map((r) => r.step);
    const expected = Array.from({ length: ctx.steps + 1 }, (_, i) => i);
    if (!isDeepStrictEqual(steps, expected)) {
      corrupted = true;
      find("show", `the history's checkpoints are steps [${steps.join(", ")}], expected each of 0..${ctx.steps} once`);
    }
  }

  try {
    const view = await new FileStore(ctx.storeDir).checkpoint(ctx.thread);
    const state = view.state as unknown as ChainState;
    const { by, ...rest } = state;
    if (!isDeepStrictEqual(rest, withoutBy(ctx.reference))) find("state", `final state ${JSON.stringify({ ...rest, blob: `${rest.blob.length} bytes` })} differs from the uninterrupted run's`);
    const crashedSteps = ctx.crashed?.step ?? 0;
    const expectedBy = [...Array<number | undefined>(crashedSteps).fill(ctx.crashed?.pid), ...Array<number | undefined>(ctx.steps - crashedSteps).fill(winners[0]?.pid)];
    if (winners.length === 1 && !isDeepStrictEqual(by, expectedBy)) {
      find("owners", `steps were run by pids [${by.join(", ")}]; expected the killed owner ${ctx.crashed?.pid ?? "-"} for steps 1..${crashedSteps}, then only the winner ${winners[0]!.pid}`);
    }
  } catch (error) {
    find("state", `reading the final state failed: ${(error as Error).message}`);
  }

  const release = readRelease(dir);
  if (release) {
    if (release.epoch !== release.newestEpoch) find("lock", `the newest segment (epoch ${release.newestEpoch}) ends with a release of epoch ${String(release.epoch)}: ${release.raw}`);
    const loser = losers.find((run) => run.pid === release.ownerPid);
    if (loser) find("lock", `the thread was released by ${who(loser)}, which was ${roleOf(loser).role === "fenced" ? "fenced" : "locked out"}: ${release.raw}`);
  }
  return { findings, roles, corrupted };
}

/**
 * `threads --json` on a store holding several raced threads (one listing for a lane's races, instead of
 * one process per race): every one of them must be listed as completed.
 */
export async function checkListed(cwd: string, env: Record<string, string>, raced: { label: string; thread: string }[]): Promise<Finding[]> {
  if (raced.length === 0) return [];
  const threads = await cli(["threads", "--json"], { cwd, env });
  const listed = new Map(((threads.result.json[0] ?? []) as { id: string; status: string }[]).map((t) => [t.id, t.status]));
  return raced.flatMap(({ label, thread }) => {
    const status = listed.get(thread);
    if (threads.result.code === 0 && status === "completed") return [];
    return [{ kind: "threads", message: `${label}: \`threads --json\` ${exitOf(threads)} lists ${thread} as ${status ?? "missing"}, not completed` }];
  });
}
