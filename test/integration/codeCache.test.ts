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

  it("keeps each copy's cache, and one for runs apart from the other commands", () => {
    const cache = join(tmp, "cache-kinds");
    const work = join(tmp, "work-kinds");
    mkdirSync(work);
    writeFileSync(
      join(work, "one.graph.ts"),
      `import { END, START, StateGraph, z } from "durable-graphs";\nexport default new StateGraph(z.object({ n: z.number().default(0) }))\n  .addNode("one", async () => ({ n: 1 }))\n  .addEdge(START, "one")\n  .addEdge("one", END);\n`,
    );
    const [a, b] = [copy("kinds-a"), copy("kinds-b")];
    const cli = (bin: string, args: string[]) => {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: cache } });
      assert.equal(r.status, 0, r.stderr);
    };
    const files = () => readdirSync(join(cache, "durable-graphs")).filter((name) => name.endsWith(".v8")).sort();
    cli(a, ["--version"]);
    cli(b, ["--version"]);
    // Each copy's cache survives the other's first run (they used to remove each other's).
    assert.equal(files().length, 2, files().join(", "));
    cli(a, ["run", "one.graph.ts", "--thread", "t"]);
    assert.equal(files().length, 3, files().join(", "));
    assert.equal(files().filter((name) => name.endsWith("-run.v8")).length, 1, files().join(", "));
    // Used again, not written again.
    const before = files();
    cli(a, ["threads"]);
    cli(a, ["resume", "t"]);
    assert.deepEqual(files(), before);
  });
});
