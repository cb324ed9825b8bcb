// `npm run test:electron`: the same extension suite under @vscode/test-electron, on a desktop with
// internet (it downloads VS Code). On the offline build machines the suite runs in code-server instead.
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "..", "..", "..");
const { runTests } = await import("@vscode/test-electron");
const workspace = mkdtempSync(join(tmpdir(), "dg-electron-"));
cpSync(join(root, "examples", "durable-execution", "durable.graph.ts"), join(workspace, "durable.graph.ts"));
await runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, "dist", "test", "extension", "index.js"),
  launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust"],
});
