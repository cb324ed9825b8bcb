import { existsSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { isDurableError } from "../../../src/core/errors";
import type { RunEvent } from "../../../src/core/protocol/runEvents";
import type { FileStore } from "../../../src/core/store/file/fileStore";
import { runGraphThread } from "../../../src/runner/runGraphThread";
import { cli, errorOf, exitOf, tail } from "./cliProcesses";
import type { Expected } from "./damage";
import { withoutBy, type ChainState } from "./racers";
import type { Finding } from "./tally";
import { journalFingerprint, threadDir } from "./threadFiles";

export interface DamageCase {
  /** `damage 17 (seed …): flip journal-000002.ndjson: byte 812 of 9000 xor 0x4`. */
  label: string;
  storeDir: string;
  /** The workspace the graph file lies in (the store's parent). */
  workspace: string;
  thread: string;
  expected: Expected;
  metaStep: number;
  reference: ChainState;
}

/** A message a user can act on names the damaged segment and the byte offset. */
function namesFileAndOffset(message: string, dir: string): boolean {
  return message.includes(dir) && /journal-\d{6,}\.ndjson/.test(message) && /\bbyte \d+/.test(message);
}

function stateProblem(state: unknown, reference: ChainState): string | undefined {
  const { by, ...rest } = (state ?? {}) as ChainState;
  const refBy = reference.by;
  if (!isDeepStrictEqual(rest, withoutBy(reference))) return `ends in ${JSON.stringify({ ...rest, blob: `${String(rest.blob).length} bytes` })}, not the uninterrupted run's state`;
  if (by?.length !== refBy.length) return `ran ${by?.length} steps, not ${refBy.length}`;
  return undefined;
}

/**
 * The store API, as the commands call it. Damage: verify, history (`show`), checkpoint (`show --state`),
 * fork at step 0, resume and open all refuse with STORE_CORRUPT naming the file and offset; not one
 * journal byte changes; the thread is then listed as quarantined. A torn tail: verify reports it, resume
 * cuts it (a `repaired` event says what) and finishes the thread. Intact: all of it just works.
 * Returns the findings and whether a damaged thread was resumed past its damage.
 */
export async function checkInProcess(store: FileStore, c: DamageCase): Promise<{ findings: Finding[]; resumedPast: boolean }> {
  const findings: Finding[] = [];
  const find = (kind: string, message: string) => findings.push({ kind: `${c.expected.outcome}: ${kind}`, message: `${c.label}: ${message}` });
  const dir = threadDir(c.storeDir, c.thread);
  const events: RunEvent[] = [];
  const resume = () => runGraphThread({ store, workspace: c.workspace, thread: c.thread, mode: "resume", force: true, onEvent: (e) => events.push(e) });

  if (c.expected.outcome === "damaged") {
    const before = journalFingerprint(dir);
    let resumedPast = false;
    const refused = async (what: string, action: () => Promise<unknown>): Promise<boolean> => {
      try {
        await action();
      } catch (error) {
        if (!isDurableError(error, "STORE_CORRUPT")) find(`${what} failed otherwise`, `${what} failed with ${(error as { code?: string }).code ?? ""} ${(error as Error).message}, not STORE_CORRUPT`);
        else if (!namesFileAndOffset(error.message, dir)) find(`${what}: message names no file and offset`, `${what}: "${error.message}"`);
        return true;
      }
      find(`${what} went on`, `${what} did not refuse the damaged thread (${c.expected.why})`);
      return false;
    };
    await refused("verify", () => store.verify(c.thread));
    await refused("show (history)", async () => {
      for (let page = await store.history(c.thread, { limit: 1000 }); page.nextSeq !== undefined; ) page = await store.history(c.thread, { afterSeq: page.nextSeq, limit: 1000 });
    });
    await refused("show --state (checkpoint)", () => store.checkpoint(c.thread));
    const forkId = `${c.thread}-fork`;
    await refused("fork --at 0", () => store.fork(c.thread, 0, forkId));
    if (existsSync(threadDir(c.storeDir, forkId))) find("fork --at 0 went on", `fork --at 0 left a thread ${forkId} behind`);
    if (!(await refused("resume", resume))) resumedPast = true;
    let writer: Awaited<ReturnType<FileStore["open"]>> | undefined;
    if (!(await refused("open", async () => (writer = await store.open(c.thread))))) resumedPast = true;
    await writer?.close();
    const after = journalFingerprint(dir);
    if (after !== before) find("journal changed", `the journal changed while commands were refused: ${before} → ${after}`);
    const listed = (await store.listThreads()).find((t) => t.id === c.thread);
    if (listed?.status !== "quarantined") find("not quarantined", `listed as ${listed?.status ?? "missing"} after resume, not quarantined`);
    return { findings, resumedPast };
  }

  try {
    const report = await store.verify(c.thread);
    if (c.expected.outcome === "torn") {
      const torn = report.tornTail;
      if (!torn) find("verify reported no torn tail", `verify found no torn tail (${c.expected.why}); the CLI would exit 0, not 10`);
      else if (!torn.file.endsWith(`/${c.thread}/${c.expected.file}`) || torn.offset !== c.expected.offset || torn.bytes !== c.expected.bytes) {
        find("verify reported the wrong torn tail", `verify's torn tail ${JSON.stringify(torn)}, expected ${c.expected.file} at ${c.expected.offset}, ${c.expected.bytes} bytes`);
      }
    } else if (report.tornTail) find("verify reported a torn tail", `verify reported ${JSON.stringify(report.tornTail)} (${c.expected.why})`);
    if (report.step !== c.metaStep) find("verify reported the wrong step", `verify says step ${report.step}, the thread committed ${c.metaStep}`);
  } catch (error) {
    find("verify refused", `verify failed: ${(error as Error).message} (${c.expected.why})`);
  }
  try {
    const outcome = await resume();
    const problem = stateProblem(outcome.state, c.reference);
    if (outcome.status !== "completed") find("resume did not complete", `resume ended ${outcome.status}: ${outcome.error?.message ?? ""}`);
    else if (problem) find("wrong final state", `resume ${problem}`);
    const repaired = events.find((e) => e.type === "repaired");
    if (c.expected.outcome === "torn") {
      if (repaired?.type !== "repaired") find("no repaired event", `resume reported no repair (${c.expected.why})${outcome.alreadyFinished ? "; it said the thread was already completed" : ""}`);
      else if (!repaired.file.endsWith(`/${c.thread}/${c.expected.file}`) || repaired.offset !== c.expected.offset || repaired.bytes !== c.expected.bytes || repaired.records < 1) {
        find("wrong repaired event", `repaired ${JSON.stringify(repaired)}, expected ${c.expected.file} at ${c.expected.offset}, ${c.expected.bytes} bytes`);
      }
      const again = await store.verify(c.thread).catch((error: Error) => error);
      if (again instanceof Error) find("damaged by the repair", `verify after the repair failed: ${again.message}`);
      else if (again.tornTail) find("still torn after resume", `verify after resume still finds ${JSON.stringify(again.tornTail)}`);
    } else if (repaired) find("repaired an intact journal", `resume reported ${JSON.stringify(repaired)} (${c.expected.why})`);
  } catch (error) {
    find("resume refused", `resume failed: ${(error as { code?: string }).code ?? ""} ${(error as Error).message} (${c.expected.why})`);
  }
  return { findings, resumedPast: false };
}

/**
 * The same through the real commands, on a copy damaged the same way: exit 5 from verify, show,
 * show --state, fork --at 0 and resume (the message naming the file and offset), the journal untouched,
 * `threads` saying quarantined; or for a torn tail, verify exit 10 and resume repairing it.
 */
export async function checkWithCli(c: DamageCase, env: Record<string, string>): Promise<{ findings: Finding[]; resumedPast: boolean }> {
  const findings: Finding[] = [];
  const find = (kind: string, message: string) => findings.push({ kind: `cli ${c.expected.outcome}: ${kind}`, message: `${c.label} (CLI): ${message}` });
  const dir = threadDir(c.storeDir, c.thread);
  const options = { cwd: c.workspace, env };
  const t = c.thread;

  if (c.expected.outcome === "damaged") {
    const before = journalFingerprint(dir);
    const readers = await Promise.all(
      [["verify", t], ["show", t], ["show", t, "--state"], ["fork", t, "--at", "0", "--thread", `${t}-fork`]].map((args) => cli([...args, "--json"], options)),
    );
    const resume = await cli(["resume", t, "--json"], options);
    let resumedPast = false;
    for (const run of [...readers, resume]) {
      const command = `\`${run.args.join(" ")}\``;
      const error = errorOf(run.result);
      if (run.result.code !== 5) {
        find(`${run.args[0]}${run.args.includes("--state") ? " --state" : ""} ${exitOf(run)}`, `${command} ${exitOf(run)}, not 5 (${c.expected.why}): ${tail(run.result)}`);
        if (run === resume && run.result.code === 0) resumedPast = true;
      } else if (!error || !namesFileAndOffset(error.message, dir)) find("message names no file and offset", `${command}: "${error?.message ?? tail(run.result)}"`);
    }
    const after = journalFingerprint(dir);
    if (after !== before) find("journal changed", `the journal changed: ${before} → ${after}`);
    const threads = await cli(["threads", "--json"], options);
    const listed = ((threads.result.json[0] ?? []) as { id: string; status: string }[]).find((x) => x.id === t);
    if (listed?.status !== "quarantined") find("not quarantined", `\`threads --json\` ${exitOf(threads)} lists ${t} as ${listed?.status ?? "missing"} after resume, not quarantined`);
    return { findings, resumedPast };
  }

  const verify = await cli(["verify", t, "--json"], options);
  const wanted = c.expected.outcome === "torn" ? 10 : 0;
  if (verify.result.code !== wanted) find(`verify ${exitOf(verify)}`, `\`verify ${t}\` ${exitOf(verify)}, not ${wanted} (${c.expected.why}): ${tail(verify.result, 2)}`);
  const resume = await cli(["resume", t, "--json"], options);
  if (resume.result.code !== 0) {
    find(`resume ${exitOf(resume)}`, `\`resume ${t}\` ${exitOf(resume)} (${c.expected.why}): ${tail(resume.result)}`);
    return { findings, resumedPast: false };
  }
  const done = resume.result.json.find((d) => (d as { type?: string }).type === "done") as { state?: unknown } | undefined;
  const problem = stateProblem(done?.state, c.reference);
  if (problem) find("wrong final state", `resume ${problem}`);
  const repaired = resume.result.events.find((e) => e.type === "repaired");
  if (c.expected.outcome === "torn") {
    if (repaired?.type !== "repaired") find("no repaired event", `resume printed no repaired event (${c.expected.why})`);
    else if (!repaired.file.endsWith(`/${t}/${c.expected.file}`) || repaired.offset !== c.expected.offset || repaired.bytes !== c.expected.bytes) {
      find("wrong repaired event", `repaired ${JSON.stringify(repaired)}, expected ${c.expected.file} at ${c.expected.offset}, ${c.expected.bytes} bytes`);
    }
  } else if (repaired) find("repaired an intact journal", `resume printed ${JSON.stringify(repaired)} (${c.expected.why})`);
  return { findings, resumedPast: false };
}
