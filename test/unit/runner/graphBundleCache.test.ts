import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadGraph } from "../../../src/runner/loadGraph";

/** A graph file whose one node is named by what `./name` exports (so the loaded graph shows which text it came from). */
const GRAPH = `import { StateGraph, START, END, z } from "durable-graphs";
import { NAME } from "./name";
export default new StateGraph(z.object({ n: z.number().default(0) })).addNode(NAME, async () => ({ n: 1 })).addEdge(START, NAME).addEdge(NAME, END);
`;

describe("the graph bundle cache", function () {
  this.timeout(60_000);
  let dir: string;
  let cache: string;
  const saved = process.env.XDG_CACHE_HOME;
  const past = (path: string) => utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const write = (name: string, text: string, settled = true) => {
    writeFileSync(join(dir, name), text);
    if (settled) past(join(dir, name));
  };
  const nodes = async () => [...(await loadGraph(join(dir, "g.graph.ts"))).graph.nodes.keys()];
  const entries = () => {
    try {
      return readdirSync(join(cache, "durable-graphs", "graphs")).filter((name) => name.endsWith(".json"));
    } catch {
      return [];
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dg-bundle-"));
    cache = mkdtempSync(join(tmpdir(), "dg-bundle-cache-"));
    process.env.XDG_CACHE_HOME = cache;
    write("g.graph.ts", GRAPH);
    write("name.ts", `export const NAME = "first";\n`);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it("keeps a bundle and uses it again while nothing it was built from changed", async () => {
    assert.deepEqual(await nodes(), ["first"]);
    const [entry] = entries();
    assert.ok(entry, "a bundle was kept");
    // Swap the kept bundle's code for another graph's (its checksum made to match): it is what loads next.
    const path = join(cache, "durable-graphs", "graphs", entry);
    const kept = JSON.parse(readFileSync(path, "utf8")) as { code: string; codeSha: string };
    kept.code = kept.code.replaceAll('"first"', '"from_cache"');
    kept.codeSha = (await import("node:crypto")).createHash("sha256").update(kept.code).digest("hex");
    writeFileSync(path, JSON.stringify(kept));
    assert.deepEqual(await nodes(), ["from_cache"]);
  });

  it("builds again when an imported file changed, even to text of the same length with an old time", async () => {
    assert.deepEqual(await nodes(), ["first"]);
    write("name.ts", `export const NAME = "other";\n`);
    assert.deepEqual(await nodes(), ["other"]);
  });

  it("builds again when a new file changes what an import resolves to", async () => {
    assert.deepEqual(await nodes(), ["first"]);
    write("name.tsx", `export const NAME = "tsx_wins";\n`);
    past(dir);
    assert.deepEqual(await nodes(), ["tsx_wins"], "esbuild prefers name.tsx over name.ts");
  });

  it("builds again when a tsconfig.json appears or changes", async () => {
    write("name.ts", `export const NAME = "dec" + (typeof (class { static x = 1 }) === "function" ? "_ok" : "");\n`);
    assert.deepEqual(await nodes(), ["dec_ok"]);
    const before = entries();
    write("tsconfig.json", `{ "compilerOptions": { "useDefineForClassFields": false } }\n`);
    assert.deepEqual(await nodes(), ["dec_ok"]);
    const path = join(cache, "durable-graphs", "graphs", before[0]!);
    const configs = (JSON.parse(readFileSync(path, "utf8")) as { configs: { path: string; sha: string | null }[] }).configs;
    assert.ok(configs.some((c) => c.path === join(dir, "tsconfig.json") && c.sha !== null), "the new tsconfig.json is part of the kept bundle's fingerprint");
  });

  it("does not keep a bundle of files changed a moment before the build (they may have changed while it read them)", async () => {
    write("name.ts", `export const NAME = "fresh";\n`, false);
    assert.deepEqual(await nodes(), ["fresh"]);
    assert.deepEqual(entries(), []);
  });

  it("is not used with DURABLE_GRAPHS_BUNDLE_CACHE=0", async () => {
    process.env.DURABLE_GRAPHS_BUNDLE_CACHE = "0";
    try {
      assert.deepEqual(await nodes(), ["first"]);
      assert.deepEqual(entries(), []);
    } finally {
      delete process.env.DURABLE_GRAPHS_BUNDLE_CACHE;
    }
  });
});
