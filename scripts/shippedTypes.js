// The declarations the extension ships for graph files in a workspace without `npm install`
// (src/tsPlugin): the SDK's (emitted from src/core/sdk into dist/types, the package's `types`), and the
// packages they and graph files need — zod (the SDK re-exports `z`), Node's globals and modules
// (@types/node, all of it: a graph file may import any `node:` module) and undici-types (@types/node's
// fetch). They are laid out as a node_modules folder beside the plugin, so that the compiler resolves
// each package's own imports the usual way. Called by esbuild.js.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
/** Where the packaged extension has its TS server plugin: VS Code's TypeScript looks in <extension>/node_modules/<name>. */
const PLUGIN_DIR = path.join(root, "node_modules", "durable-graphs-ts-plugin");
const SHIPPED_PACKAGES = ["zod", "@types/node", "undici-types"];
const DECLARATION = /(\.d\.ts|\.d\.cts|\.d\.mts|package\.json|LICENSE(\.md)?)$/;

/** dist/types: the SDK's declarations, as `tsc --emitDeclarationOnly` would write them. */
function emitSdkDeclarations() {
  const ts = require("typescript");
  const outDir = path.join(root, "dist", "types");
  fs.rmSync(outDir, { recursive: true, force: true });
  // The SDK's, and `durable-graphs/langgraph`'s (they name @langchain/langgraph-checkpoint's types: a peer).
  const program = ts.createProgram([path.join(root, "src", "core", "sdk", "index.ts"), path.join(root, "src", "langgraph", "index.ts")], {
    declaration: true,
    emitDeclarationOnly: true,
    outDir,
    rootDir: path.join(root, "src"),
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    isolatedModules: true,
  });
  const { diagnostics } = program.emit();
  if (diagnostics.length > 0) {
    throw new Error(`declarations of the SDK: ${ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" })}`);
  }
  return outDir;
}

/**
 * Copies a package's declarations, package.json and licence (no JavaScript: the plugin only types).
 * zod's `.d.ts` files are left out: its `exports` lead every import, ESM or CommonJS, to the `.d.cts`
 * twins, so they would only double what ships.
 */
function copyDeclarations(from, to) {
  const unused = path.basename(from) === "zod" ? /\.d\.ts$/ : undefined;
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) =>
      fs.statSync(source).isDirectory() ? path.basename(source) !== "node_modules" || source === from : DECLARATION.test(source) && !unused?.test(source),
  });
}

/** Writes node_modules/durable-graphs-ts-plugin/{package.json,types/} (esbuild writes its index.js). */
function buildShippedTypes() {
  const sdkTypes = emitSdkDeclarations();
  const version = require(path.join(root, "package.json")).version;
  const types = path.join(PLUGIN_DIR, "types", "node_modules");
  // Written anew, never over old files: a node_modules copied with hard links (`cp -al`) shares them.
  fs.rmSync(PLUGIN_DIR, { recursive: true, force: true });
  fs.mkdirSync(types, { recursive: true });
  fs.writeFileSync(
    path.join(PLUGIN_DIR, "package.json"),
    JSON.stringify({ name: "durable-graphs-ts-plugin", version, private: true, description: "Types for Durable Graphs' graph files without npm install", main: "index.js", license: "MIT" }, null, 2) + "\n",
  );
  const sdk = path.join(types, "durable-graphs");
  fs.cpSync(sdkTypes, sdk, { recursive: true });
  fs.writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ name: "durable-graphs", version, types: "./core/sdk/index.d.ts" }, null, 2) + "\n");
  for (const name of SHIPPED_PACKAGES) copyDeclarations(path.join(root, "node_modules", name), path.join(types, name));
}

module.exports = { buildShippedTypes, PLUGIN_DIR };
