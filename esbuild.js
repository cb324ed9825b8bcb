// Builds every bundle the product ships, one esbuild call per target.
// `node esbuild.js` builds once; `--watch` rebuilds on change; `--production` minifies and drops maps.
// `vscode` is deliberately NOT external for the core, runner and CLI bundles: a stray import of it
// there fails the build (design.md, layering).
const esbuild = require("esbuild");
const path = require("node:path");

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

const targets = [
  { entryPoints: { cli: "src/cli/main.ts" } },
  { entryPoints: { runner: "src/runner/main.ts" } },
  { entryPoints: { sdk: "src/core/sdk/index.ts" } },
];

async function main() {
  const contexts = await Promise.all(
    targets.map((t) => esbuild.context({ ...common, ...t, outdir: path.join(__dirname, "dist") })),
  );
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
