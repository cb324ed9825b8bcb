import { z } from "zod";

/**
 * zod compiles a parser for each object schema the first time it parses with it (`new Function`, a
 * fraction of a millisecond to a millisecond each), which pays off over thousands of parses. A process
 * that runs a graph parses the store's records, the thread's summary and lock, the bundle cache's entry
 * and the runner's request a few times while it opens the thread, and never again: without those
 * compiled parsers, resuming a 10k-step thread reaches its first node ~7 ms sooner. zod decides when a
 * schema is built, so an entry point that runs graphs turns the JIT off before its modules build their
 * schemas (see startupSchemas.ts) and back on before the graph file is evaluated: the graph's own
 * schemas, its state validated every step, keep it. `show` and the run panel decode thousands of
 * records: processes that do that leave it on.
 */
let off = false;
let previous: boolean | undefined;

/** Schemas built from now on parse without compiling a parser (until `jitFromHere`). */
export function buildParsersWithoutJit(): void {
  if (off) return;
  off = true;
  previous = z.config().jitless;
  z.config({ jitless: true });
}

/** Schemas built from now on compile their parser again (a no-op unless `buildParsersWithoutJit` ran). */
export function jitFromHere(): void {
  if (!off) return;
  off = false;
  z.config({ jitless: previous });
}
