// What the package (built by `npm run package`) ships, file by file: the bundles, the panel's script and
// styles, the icons, esbuild with this machine's binary, the TS server plugin with
// its declarations — and nothing else (no sources, maps, tests, dev dependencies, developer README).
// The platform packages differ only in esbuild's binary (platformPackages.e2e.test.mjs).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { TARGETS } from "../../scripts/packagePlatforms.mjs";
import { root, vsix } from "./support.mjs";
import { zipEntries } from "./zipEntries.mjs";

const TOP = [
  "extension.vsixmanifest",
  "[Content_Types].xml",
  "extension/package.json",
  "extension/readme.md",
  "extension/changelog.md",
  "extension/LICENSE.txt",
  "extension/bin/durable-graphs.js",
  "extension/dist/extension.js",
  "extension/dist/runner.js",
  "extension/dist/cli.js",
  "extension/dist/sdk.js",
  "extension/dist/media/panel.js",
  "extension/dist/media/panel.css",
  "extension/media/durable-graphs.svg",
  "extension/media/marketplace/icon.png",
];
const ESBUILD = ["package.json", "install.js", "README.md", "LICENSE.md", "lib/main.js", "lib/main.d.ts", "bin/esbuild"];
const HOST_TARGET = `${process.platform === "win32" ? "win32" : process.platform}-${process.arch}`;
const esbuildBinary = TARGETS[HOST_TARGET];
const PLUGIN = "extension/node_modules/durable-graphs-ts-plugin/";

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (bytes) => ({ png: bytes.toString("latin1", 1, 4) === "PNG", width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

test("the package ships exactly its files: no sources, maps, tests or dev dependencies", () => {
  const names = [...zipEntries(vsix).keys()];
  const top = names.filter((n) => !n.startsWith("extension/node_modules/"));
  assert.deepEqual([...top].sort(), [...TOP].sort());
  const esbuild = names.filter((n) => n.startsWith("extension/node_modules/esbuild/")).map((n) => n.slice("extension/node_modules/esbuild/".length));
  assert.deepEqual(esbuild.sort(), [...ESBUILD].sort(), "esbuild's JavaScript API and its launcher");
  assert.ok(esbuildBinary, `a package target for ${HOST_TARGET}`);
  const binary = names.filter((n) => n.startsWith("extension/node_modules/@esbuild/")).map((n) => n.slice("extension/node_modules/".length));
  assert.deepEqual(binary.sort(), [`${esbuildBinary}/README.md`, `${esbuildBinary}/bin/esbuild`, `${esbuildBinary}/package.json`].sort(), "this machine's esbuild binary, nothing else");
  const plugin = names.filter((n) => n.startsWith(PLUGIN)).map((n) => n.slice(PLUGIN.length));
  assert.ok(plugin.includes("index.js") && plugin.includes("package.json"));
  for (const file of plugin.filter((f) => f !== "index.js" && f !== "package.json")) {
    assert.match(file, /^types\/node_modules\/.+(\.d\.[cm]?ts|\/package\.json|\/LICENSE)$/, `the TS plugin ships declarations only: ${file}`);
  }
  const known = new Set([...TOP, ...esbuild.map((f) => `extension/node_modules/esbuild/${f}`), ...binary.map((f) => `extension/node_modules/${f}`), ...plugin.map((f) => PLUGIN + f)]);
  assert.deepEqual(names.filter((n) => !known.has(n)), [], "nothing else ships");
  for (const name of names) assert.doesNotMatch(name, /\.map$|\/src\/|\/test\/|\.tsbuildinfo$|(?<!\.d)\.[cm]?ts$/, name);
});

test("the Marketplace gets the user's README and CHANGELOG, an icon of at least 128×128, and a README picture that exists", () => {
  const entries = zipEntries(vsix);
  const readme = entries.get("extension/readme.md").read().toString("utf8");
  assert.equal(readme, readFileSync(join(root, "README.marketplace.md"), "utf8"), "README.marketplace.md, not the developers' README.md");
  assert.equal(entries.get("extension/changelog.md").read().toString("utf8"), readFileSync(join(root, "CHANGELOG.md"), "utf8"));
  for (const heading of ["## Commands", "## Settings", "## The same threads from a terminal"]) assert.ok(readme.includes(heading), heading);
  const manifest = JSON.parse(entries.get("extension/package.json").read().toString("utf8"));
  // Every command and setting the extension contributes is in the README.
  for (const command of manifest.contributes.commands) assert.ok(readme.includes(command.title), `the README names ${command.title}`);
  for (const setting of Object.keys(manifest.contributes.configuration.properties)) assert.ok(readme.includes(`\`${setting}\``), `the README names ${setting}`);
  const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(pictures.length > 0, "the README shows a picture");
  // Relative: vsce links them to the repository's copy once package.json names the repository.
  for (const picture of pictures) assert.ok(existsSync(join(root, picture)), `${picture} is in the repository`);
  const icon = pngSize(entries.get(`extension/${manifest.icon}`).read());
  assert.ok(icon.png && icon.width >= 128 && icon.height >= 128 && icon.width === icon.height, JSON.stringify(icon));
  assert.ok(manifest.galleryBanner?.color && manifest.categories.length && manifest.keywords.length >= 5 && manifest.license === "MIT");
  const animation = readFileSync(join(root, "media/marketplace/crash-reload-resume.png"));
  assert.ok(animation.includes(Buffer.from("acTL")), "the crash → reload → resume picture is animated (APNG)");
});
