import { DurableError } from "../core/errors";
import { faultHooks, parseFaultSpec, type FaultHooks } from "../core/executor/faults";

/**
 * Fault injection for rehearsing recovery: at the named point the process kills itself with SIGKILL,
 * exactly as a crash would (no cleanup, no end record). `DURABLE_GRAPHS_CRASH_AT=after-commit:step_1`.
 * `beforeKill` sends output the process holds back (the CLI batches its lines): what happened before
 * the crash point is shown, as it would be had each line gone out at once.
 */
export function crashFaults(spec: string | undefined, beforeKill: () => void = () => undefined): FaultHooks | undefined {
  if (!spec) return undefined;
  const parsed = parseFaultSpec(spec);
  if (!parsed) {
    throw new DurableError("INVALID_ARGUMENT", `unknown crash point "${spec}": use after-node:NODE, before-commit:NODE or after-commit:NODE`, { spec });
  }
  return faultHooks(parsed, () => {
    beforeKill();
    process.kill(process.pid, "SIGKILL");
  });
}
