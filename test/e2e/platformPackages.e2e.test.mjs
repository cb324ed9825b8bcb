// Every platform's package (built by `npm run package`) carries esbuild's binary for that platform and
// nothing else that differs from the others: the same bundles, media, manifest but for its target.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { TARGETS } from "../../scripts/packagePlatforms.mjs";
import { executableKind, zipEntries } from "./zipEntries.mjs";
import { root, vsix } from "./support.mjs";

const EXPECTED = {
  "win32-x64": { format: "pe", arch: "x64", binary: "esbuild.exe" },
  "win32-arm64": { format: "pe", arch: "arm64", binary: "esbuild.exe" },
  "darwin-x64": { format: "mach-o", arch: "x64", binary: "bin/esbuild" },
  "darwin-arm64": { format: "mach-o", arch: "arm64", binary: "bin/esbuild" },
  "linux-x64": { format: "elf", arch: "x64", binary: "bin/esbuild" },
  "linux-arm64": { format: "elf", arch: "arm64", binary: "bin/esbuild" },
  "alpine-x64": { format: "elf", arch: "x64", binary: "bin/esbuild" },
};

const ESBUILD_BINARY = /^extension\/node_modules\/@esbuild\/[^/]+\//;
const MANIFEST = "extension.vsixmanifest";
/** The zip's list of file extensions: Windows packages add `.exe` (the binary's). */
const CONTENT_TYPES = "[Content_Types].xml";

/** The files every package shares, with their CRC-32s. */
function shared(entries) {
  return [...entries].filter(([name]) => !ESBUILD_BINARY.test(name) && name !== MANIFEST && name !== CONTENT_TYPES).map(([name, e]) => `${name} ${e.crc.toString(16)}`).sort();
}

test("one package per VS Code platform, each with its own esbuild binary, and nothing else different", () => {
  assert.deepEqual(Object.keys(TARGETS).sort(), Object.keys(EXPECTED).sort());
  const local = zipEntries(vsix);
  // The TS server plugin and the declarations it gives graph files, where VS Code's TypeScript looks for
  // it (node_modules/<name>); every other package is compared with this one below.
  for (const file of ["index.js", "package.json", "types/node_modules/durable-graphs/core/sdk/index.d.ts", "types/node_modules/zod/index.d.cts", "types/node_modules/@types/node/index.d.ts", "types/node_modules/undici-types/index.d.ts"]) {
    assert.ok(local.has(`extension/node_modules/durable-graphs-ts-plugin/${file}`), `${vsix} ships the TS server plugin's ${file}`);
  }
  for (const [target, expected] of Object.entries(EXPECTED)) {
    const entries = zipEntries(join(root, `durable-graphs-${target}.vsix`));
    const manifest = entries.get(MANIFEST).read().toString("utf8");
    assert.match(manifest, new RegExp(`TargetPlatform="${target}"`), `${target}: the manifest names its target`);
    const binaries = [...entries.keys()].filter((name) => ESBUILD_BINARY.test(name) && /esbuild(\.exe)?$/.test(name));
    assert.deepEqual(binaries, [`extension/node_modules/${TARGETS[target]}/${expected.binary}`], `${target}: exactly its own esbuild binary`);
    const kind = executableKind(entries.get(binaries[0]).read());
    assert.deepEqual(kind, { format: expected.format, arch: expected.arch }, `${target}: the binary runs there`);
    assert.deepEqual(shared(entries), shared(local), `${target}: every other file is the same as in ${vsix}`);
    const pkg = JSON.parse(entries.get(`extension/node_modules/${TARGETS[target]}/package.json`).read().toString("utf8"));
    const esbuild = JSON.parse(entries.get("extension/node_modules/esbuild/package.json").read().toString("utf8"));
    assert.equal(pkg.version, esbuild.version, `${target}: the binary's version is the one esbuild's JavaScript API expects`);
  }
});
