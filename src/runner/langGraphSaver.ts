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
  /** Nodes whose writes were journalled since the last root checkpoint: the step being committed next. */
  const written = new Set<string>();
  const Hooked = class extends Saver {
    override async putWrites(...args: Parameters<DurableGraphsSaver["putWrites"]>): Promise<void> {
      await super.putWrites(...args);
      const [config, writes, , taskPath] = args;
      const node = lgTaskNode(taskPath);
      if (node === undefined || (config.configurable?.checkpoint_ns ?? "") !== "") return;
      const channels = writes.map(([channel]) => channel);
      if (channels.some((c) => c === "__error__" || c === "__interrupt__")) return;
      written.add(node);
      options.onWrites?.(node, channels);
      if (fault?.point === "after-node" && named(node)) crash();
    }

    override async put(...args: Parameters<DurableGraphsSaver["put"]>): Promise<ReturnType<DurableGraphsSaver["put"]> extends Promise<infer R> ? R : never> {
      const root = (args[0].configurable?.checkpoint_ns ?? "") === "";
      const committing = root && fault !== undefined && [...written].some(named);
      if (root) written.clear();
      if (committing && fault?.point === "before-commit") crash();
      const stored = await super.put(...args);
      if (committing && fault?.point === "after-commit") crash();
      return stored;
    }
  };
  return new Hooked({ store: options.store, graph: options.graph });
}
