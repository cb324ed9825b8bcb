import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./cli";

/**
 * The CLI keeps V8's compiled code of its bundle in the user's cache directory, shared by every copy of
 * the CLI on the machine. Two checkouts of the same version have byte-identical bundles: the second
 * must not run under the first's script name, or the line it names in a graph file's error (found
 * by telling the graph's stack frames from the CLI's own) would point into the other checkout.
 */
describe("the CLI's code cache, shared by two copies of the same CLI", function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "dg-codecache-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** A copy of the CLI (launcher and bundle) in its own folder, using this checkout's node_modules. */
  const copy = (name: string) => {
    const root = join(tmp, name);
    mkdirSync(join(root, "bin"), { recursive: true });
    mkdirSync(join(root, "dist"));
    copyFileSync(join(REPO, "bin", "durable-graphs.js"), join(root, "bin", "durable-graphs.js"));
    copyFileSync(join(REPO, "dist", "cli.js"), join(root, "dist", "cli.js"));
    symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
    return join(root, "bin", "durable-graphs.js");
  };

  it("names the graph file's line from either copy", () => {
    const cache = join(tmp, "cache");
    const work = join(tmp, "work");
    mkdirSync(work);
    writeFileSync(
      join(work, "unknown.graph.ts"),
      `import { END, START, StateGraph, z } from "durable-graphs";\nconst State = z.object({ n: z.number().default(0) });\nexport default new StateGraph(State)\n  .addNode("fetch", async () => ({}))\n  .addEdge(START, "fetch")\n  .addEdge("fetch", "summarise")\n  .addEdge("fetch", END);\n`,
    );
    for (const cli of [copy("first"), copy("second"), copy("third")]) {
      const r = spawnSync(process.execPath, [cli, "run", "unknown.graph.ts", "--thread", "t"], {
        cwd: work,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: cache, DURABLE_GRAPHS_BUNDLE_CACHE: "0" },
      });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /unknown\.graph\.ts:6:\d+: edge fetch -> summarise refers to unknown node "summarise"/, `${cli}: ${r.stderr}`);
    }
    assert.ok(readdirSync(join(cache, "durable-graphs")).some((name) => name.endsWith(".v8")), "the code cache was used");
  });
});
