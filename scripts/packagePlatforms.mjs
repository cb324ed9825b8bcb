// Builds the .vsix packages: `durable-graphs.vsix` for this machine (what the tests install), and one
// per platform VS Code publishes for (`vsce package --target`), each carrying esbuild's binary for that
// platform — the runner bundles graph files with it. The binaries come from the npm registry (`npm pack
// @esbuild/<platform>@<the esbuild version we use>`), cached in .package/cache so a rebuild is offline.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const esbuildVersion = require("esbuild/package.json").version;

/** VS Code's targets, and the esbuild package whose binary runs there (esbuild's Linux binaries are static: they run on Alpine). */
export const TARGETS = {
  "win32-x64": "@esbuild/win32-x64",
  "win32-arm64": "@esbuild/win32-arm64",
  "darwin-x64": "@esbuild/darwin-x64",
  "darwin-arm64": "@esbuild/darwin-arm64",
  "linux-x64": "@esbuild/linux-x64",
  "linux-arm64": "@esbuild/linux-arm64",
  "alpine-x64": "@esbuild/linux-x64",
};

/** The TS server plugin and the declarations it gives graph files (package.json `typescriptServerPlugins`). */
const TS_PLUGIN = "durable-graphs-ts-plugin";

const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
const vsce = join(root, "node_modules", ".bin", "vsce");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
/**
 * The Marketplace's readme is README.marketplace.md (README.md is the developers'). vsce rewrites its
 * relative links to the repository's files, and only an https picture is shown (VS Code's extension
 * page allows no other). Without a repository in package.json (none yet) the links are kept relative,
 * and the picture is not shown until there is one.
 */
const vsceArgs = [
  "--no-yarn",
  "--allow-missing-repository",
  "--skip-license",
  "--readme-path",
  "README.marketplace.md",
  "--changelog-path",
  "CHANGELOG.md",
  ...(manifest.repository ? [] : ["--no-rewrite-relative-links"]),
];

/** The unpacked npm package `name@esbuildVersion`, fetched once. */
function esbuildBinaryPackage(name) {
  const cache = join(root, ".package", "cache");
  const dir = join(cache, `${name.replace("/", "+")}-${esbuildVersion}`);
  if (existsSync(join(dir, "package.json"))) return dir;
  mkdirSync(cache, { recursive: true });
  const tarball = run("npm", ["pack", `${name}@${esbuildVersion}`, "--pack-destination", cache, "--silent"]).trim().split("\n").pop();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run("tar", ["-xzf", join(cache, tarball), "-C", dir, "--strip-components=1"]);
  rmSync(join(cache, tarball));
  return dir;
}

/** The installed production dependencies but esbuild's binaries (`esbuild`, `zod`…). */
function productionDependencies() {
  return run("npm", ["ls", "--omit=dev", "--all", "--parseable"])
    .split("\n")
    .map((path) => path.trim())
    .filter((path) => path.startsWith(join(root, "node_modules") + "/"))
    .map((path) => path.slice(join(root, "node_modules").length + 1))
    .filter((name) => !name.startsWith("@esbuild/") && name !== TS_PLUGIN);
}

/** A folder holding what one platform's package ships: the same files, with that platform's esbuild binary. */
function stage(target) {
  const dir = join(root, ".package", "stage", target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of ["package.json", "README.marketplace.md", "CHANGELOG.md", "LICENSE", ".vscodeignore", "media", "dist", "bin"]) cpSync(join(root, name), join(dir, name), { recursive: true });
  // Every production dependency, as vsce checks them (.vscodeignore keeps only esbuild: the rest is bundled).
  for (const name of productionDependencies()) cpSync(join(root, "node_modules", name), join(dir, "node_modules", name), { recursive: true });
  // Not a dependency npm knows of (esbuild.js builds it), so named here: the same in every package.
  cpSync(join(root, "node_modules", TS_PLUGIN), join(dir, "node_modules", TS_PLUGIN), { recursive: true });
  const binary = TARGETS[target];
  cpSync(esbuildBinaryPackage(binary), join(dir, "node_modules", binary), { recursive: true });
  return dir;
}

function main() {
  const started = Date.now();
  run("node", ["esbuild.js", "--production"]);
  run(vsce, ["package", ...vsceArgs, "--out", "durable-graphs.vsix"]);
  const only = process.env.DG_PACKAGE_TARGETS?.split(",").filter(Boolean);
  for (const target of Object.keys(TARGETS)) {
    if (only && !only.includes(target)) continue;
    const dir = stage(target);
    run(vsce, ["package", ...vsceArgs, "--target", target, "--out", join(root, `durable-graphs-${target}.vsix`)], dir);
  }
  rmSync(join(root, ".package", "stage"), { recursive: true, force: true });
  const built = readdirSync(root).filter((name) => name.endsWith(".vsix"));
  process.stdout.write(`packaged ${built.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
