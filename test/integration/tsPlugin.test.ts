/**
 * Graph files in a workspace without `npm install` get the SDK's and Node's types from the TS server
 * plugin the extension ships (node_modules/durable-graphs-ts-plugin, built by `node esbuild.js`), in a
 * real tsserver started as VS Code starts it — and nothing else is touched: a project without graph
 * files keeps its own types, a workspace that installed `durable-graphs` keeps its package.
 */
import * as assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { workspace } from "./cli";
import { TsServer, type Diagnostic } from "./tsServer";

const lines = (problems: Diagnostic[]) => problems.map((p) => `${p.start.line}: ${p.text}`);

describe("TS server plugin: types for graph files without npm install", function () {
  this.timeout(120_000);
  let server: TsServer;
  let ws: ReturnType<typeof workspace>;

  beforeEach(() => {
    ws = workspace("dg-tsp-");
  });
  afterEach(async () => {
    await server?.close();
    ws.dispose();
  });

  it("without the plugin the example has the problems the issue reported (the check below can fail)", async () => {
    server = new TsServer({ plugin: false });
    const graph = ws.copy("examples/durable-execution/durable.graph.ts");
    await server.open(graph, ws.dir);
    const problems = lines(await server.problems(graph));
    assert.ok(problems.some((p) => p.includes("Cannot find module 'durable-graphs'")), problems.join("\n"));
    assert.ok(problems.some((p) => p.includes("Cannot find name 'process'")), problems.join("\n"));
  });

  it("the example and every examples/ graph show 0 problems; a real type error is still reported", async () => {
    server = new TsServer();
    const graphs = [
      ws.copy("examples/durable-execution/durable.graph.ts"),
      ws.copy("examples/approval/approval.graph.ts"),
      ws.copy("examples/fan-out-loop", "fan-out-loop"),
    ];
    graphs[2] = join(graphs[2]!, "research.graph.ts");
    for (const graph of graphs) {
      await server.open(graph, ws.dir);
      assert.deepEqual(lines(await server.problems(graph)), [], graph);
    }
    const wrong = join(ws.dir, "wrong.graph.ts");
    // Only real types catch this one: the state's `n` is a number.
    writeFileSync(wrong, 'import { StateGraph, z } from "durable-graphs";\nexport default new StateGraph(z.object({ n: z.number() })).addNode("a", async (s) => ({ n: s.n.toUpperCase() }));\n');
    await server.open(wrong, ws.dir);
    assert.deepEqual(lines(await server.problems(wrong)), ["2: Property 'toUpperCase' does not exist on type 'number'."]);
  });

  it("hover and completion know StateGraph, z.object, ctx.interrupt and Node's modules", async () => {
    server = new TsServer();
    const graph = ws.copy("examples/approval/approval.graph.ts");
    const text = readFileSync(graph, "utf8");
    await server.open(graph, ws.dir);
    assert.match(await server.hover(graph, text, "StateGraph", "export default"), /^\(alias\) new StateGraph<z\.ZodObject<\{\n {4}topic: z\.ZodDefault<z\.ZodString>;/);
    assert.ok((await server.completions(graph, text, "z.", "const State")).includes("object"));
    // The answer's type comes from the schema the question gives.
    const ask = await server.hover(graph, text, "interrupt", "const answer");
    assert.match(ask, /^\(parameter\) interrupt: .*\(payload: unknown, options: InterruptOptions<.*>\) => Promise<\{\n {4}approved: boolean;\n {4}edits\?: string \| undefined;\n\}>/s);
    const node = join(ws.dir, "node.graph.ts");
    const nodeText = 'import { readFile } from "node:fs/promises";\nexport const read = readFile;\nexport const env = process.env.HOME;\n';
    writeFileSync(node, nodeText);
    await server.open(node, ws.dir);
    assert.deepEqual(lines(await server.problems(node)), []);
    assert.match(await server.hover(node, nodeText, "readFile", "const read"), /readFile\(/);
  });

  it("a project without graph files keeps its own types (no Node globals pushed into a browser project)", async () => {
    server = new TsServer();
    writeFileSync(join(ws.dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { lib: ["es2022", "dom"], types: [], strict: true }, include: ["*.ts"] }));
    const app = join(ws.dir, "app.ts");
    writeFileSync(app, 'export const where = document.title;\nexport const env = process.env.HOME;\n');
    await server.open(app, ws.dir);
    const problems = lines(await server.problems(app));
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0]!, /^2: Cannot find name 'process'/);
  });

  it("does nothing where the workspace installed durable-graphs: its own package's types are used", async () => {
    server = new TsServer();
    const pkg = join(ws.dir, "node_modules", "durable-graphs");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "durable-graphs", version: "9.9.9", types: "index.d.ts" }));
    writeFileSync(join(pkg, "index.d.ts"), "export declare const installedCopy: true;\n");
    const graph = join(ws.dir, "mine.graph.ts");
    writeFileSync(graph, 'import { installedCopy, StateGraph } from "durable-graphs";\nexport default [installedCopy, StateGraph];\n');
    await server.open(graph, ws.dir);
    assert.deepEqual(lines(await server.problems(graph)), [`1: Module '"durable-graphs"' has no exported member 'StateGraph'.`]);
  });
});
