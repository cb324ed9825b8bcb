import { existsSync, readFileSync } from "node:fs";
import Module from "node:module";
import { dirname, resolve } from "node:path";
import { DurableError } from "../core/errors";
import { parseFaultSpec } from "../core/executor/faults";
import type { CheckpointStore } from "../core/store/checkpointStore";
import { lgTaskNode } from "../core/store/langGraphReplay";
import type { DurableGraphsSaver, DurableGraphsSaverOptions } from "../langgraph/durableGraphsSaver";

type SaverClass = new (options: DurableGraphsSaverOptions) => DurableGraphsSaver;

/**
 * `durable-graphs/langgraph` (dist/langgraph.js, shipped next to the runner and the CLI), loaded so that
 * its `@langchain/langgraph-checkpoint` is the one the user's `@langchain/langgraph` uses: one copy of
 * `BaseCheckpointSaver` in the process, whatever version the workspace installed. (A bundled copy would
 * be another class, and LangGraph would not take it for a checkpointer.)
 */
export function loadSaverClass(langgraphEntry: string): SaverClass {
  const bundle = saverBundle();
  const ModuleClass = Module as unknown as {
    new (id: string): NodeModule & { _compile(code: string, filename: string): void; paths: string[] };
    _nodeModulePaths(dir: string): string[];
  };
  const mod = new ModuleClass(bundle);
  mod.filename = bundle;
  // Its bare imports resolve as LangGraph's own do: from the user's package outwards.
  mod.paths = ModuleClass._nodeModulePaths(dirname(langgraphEntry));
  mod._compile(readFileSync(bundle, "utf8"), bundle);
  return (mod.exports as { DurableGraphsSaver: SaverClass }).DurableGraphsSaver;
}

/** dist/langgraph.js: beside this bundle (dist/cli.js, dist/runner.js), or built from these sources (tests). */
function saverBundle(): string {
  for (const candidate of [resolve(__dirname, "langgraph.js"), resolve(__dirname, "..", "..", "dist", "langgraph.js")]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new DurableError("GRAPH_LOAD_FAILED", `the LangGraph.js support (dist/langgraph.js) is missing next to ${__dirname}: rebuild with node esbuild.js`, {});
}

export interface SaverOptions {
  store: CheckpointStore;
  /** The graph file as threads record it. */
  graph: string;
  /** `--crash-at after-node:NODE | before-commit:NODE | after-commit:NODE`: SIGKILL there. */
  crashAt?: string;
  /** Sends what the process holds back, just before that SIGKILL. */
  beforeCrash?: () => void;
  /** Called once the writes of a node's task are journalled (the run's "node finished"). */
  onWrites?: (node: string, channels: string[]) => void;
}

/**
 * The saver a LangGraph.js graph runs with, with the fault points of `--crash-at` on its journal
 * writes, as the SDK's executor has them: `after-node` once the node's writes are journalled
 * (`putWrites` returned), `before-commit`/`after-commit` around the checkpoint of the step it ran in.
 */
export function makeSaver(Saver: SaverClass, options: SaverOptions): DurableGraphsSaver {
  const fault = options.crashAt ? parseFaultSpec(options.crashAt) : undefined;
  if (options.crashAt && !fault) {
    throw new DurableError("INVALID_ARGUMENT", `unknown crash point "${options.crashAt}": use after-node:NODE, before-commit:NODE or after-commit:NODE`, { spec: options.crashAt });
  }
  const crash = () => {
    options.beforeCrash?.();
    process.kill(process.pid, "SIGKILL");
  };
  const named = (node: string) => fault?.node === undefined || fault.node === node;
  /**
   * Per root checkpoint, the nodes whose writes were put against it — the step its child checkpoint
   * commits — and those writes' promises. Known by checkpoint, not by order of arrival: the saver appends
   * a task's writes with the next checkpoint or at the end of the event loop's turn, so a write's promise
   * may resolve after LangGraph has already called `put` for the checkpoint that commits it.
   */
  const written = new Map<string, { nodes: Set<string>; durable: Promise<unknown>[] }>();
  const Hooked = class extends Saver {
    override async putWrites(...args: Parameters<DurableGraphsSaver["putWrites"]>): Promise<void> {
      const [config, writes, , taskPath] = args;
      const node = lgTaskNode(taskPath);
      const channels = writes.map(([channel]) => channel);
      const counted = node !== undefined && (config.configurable?.checkpoint_ns ?? "") === "" && !channels.some((c) => c === "__error__" || c === "__interrupt__");
      const saving = super.putWrites(...args);
      const against = config.configurable?.checkpoint_id as string | undefined;
      if (counted && against !== undefined) {
        const entry = written.get(against) ?? { nodes: new Set<string>(), durable: [] };
        written.set(against, entry);
        entry.nodes.add(node);
        entry.durable.push(saving.catch(() => undefined));
      }
      await saving;
      if (!counted) return;
      options.onWrites?.(node, channels);
      if (fault?.point === "after-node" && named(node)) crash();
    }

    override async put(...args: Parameters<DurableGraphsSaver["put"]>): Promise<ReturnType<DurableGraphsSaver["put"]> extends Promise<infer R> ? R : never> {
      const root = (args[0].configurable?.checkpoint_ns ?? "") === "";
      const parent = args[0].configurable?.checkpoint_id as string | undefined;
      const step = root && parent !== undefined ? written.get(parent) : undefined;
      if (root && parent !== undefined) for (const id of [...written.keys()]) if (id <= parent) written.delete(id);
      const committing = fault !== undefined && step !== undefined && [...step.nodes].some(named);
      // The step's writes journalled first, its checkpoint not yet: where after-node (once the named node's
      // writes are durable) and before-commit kill. Left alone, the saver would append them together.
      if (committing) await Promise.all(step.durable);
      if (committing && fault?.point === "before-commit") crash();
      const stored = await super.put(...args);
      if (committing && fault?.point === "after-commit") crash();
      return stored;
    }
  };
  return new Hooked({ store: options.store, graph: options.graph });
}
