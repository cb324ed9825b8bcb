// Builds every bundle the product ships, one esbuild call per target.
// `node esbuild.js` builds once; `--watch` rebuilds on change; `--production` minifies and drops maps.
// `vscode` is deliberately NOT external for the core, runner and CLI bundles: a stray import of it
// there fails the build (design.md, layering).
const esbuild = require("esbuild");
const path = require("node:path");
const { buildShippedTypes, PLUGIN_DIR } = require("./scripts/shippedTypes.js");

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  // esbuild ships a native binary per platform: it is loaded from node_modules at run time.
  external: ["esbuild"],
};

/** `import text from "./file?raw"`: the file's contents as a string (the example graph the extension writes). */
const rawText = {
  name: "raw-text",
  setup(build) {
    build.onResolve({ filter: /\?raw$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.slice(0, -4)), namespace: "raw-text" }));
    build.onLoad({ filter: /.*/, namespace: "raw-text" }, async (args) => ({
      contents: await require("node:fs/promises").readFile(args.path, "utf8"),
      loader: "text",
    }));
  },
};

const targets = [
  { entryPoints: { cli: "src/cli/main.ts" }, define: { DURABLE_GRAPHS_VERSION: JSON.stringify(require("./package.json").version) } },
  // The extension host provides `vscode`; only this bundle may import it.
  { entryPoints: { extension: "src/extension/extension.ts" }, external: ["vscode", "esbuild"], plugins: [rawText] },
  { entryPoints: { runner: "src/runner/main.ts" } },
  { entryPoints: { sdk: "src/core/sdk/index.ts" } },
  // `durable-graphs/langgraph`: LangGraph.js's packages are the user's own (a peer), never bundled.
  { entryPoints: { langgraph: "src/langgraph/index.ts" }, external: ["esbuild", "@langchain/*"] },
  // The run panel's webview (media/panel): a browser bundle and its CSS, the only files the panel may load.
  { entryPoints: { "media/panel": "media/panel/main.ts" }, platform: "browser", target: "es2022", format: "iife", external: [] },
  // The TS server plugin (src/tsPlugin), where VS Code's TypeScript looks for it: <extension>/node_modules/<name>.
  // `typescript` is the one the TS server passes to the plugin, never bundled.
  { entryPoints: { index: "src/tsPlugin/index.ts" }, outdir: PLUGIN_DIR, external: ["typescript"] },
  // The extension tests' run() entry (loaded by the extension host; mocha comes from node_modules).
  { entryPoints: { "test/extension/index": "test/extension/index.ts" }, external: ["vscode", "mocha", "esbuild"] },
];

async function main() {
  const contexts = await Promise.all(
    targets.map((t) => esbuild.context({ ...common, outdir: path.join(__dirname, "dist"), ...t })),
  );
  buildShippedTypes();
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
