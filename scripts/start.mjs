#!/usr/bin/env node
// `npm start`: the examples folder in a real VS Code (code-server) with this extension loaded from the
// repository (rebuilt first), on a loopback port. Prints the URL; Ctrl-C stops it.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startCodeServer } from "../test/vscode/lib/codeServer.mjs";
import { createProfile } from "../test/vscode/lib/profile.mjs";
import { workbenchUrl } from "../test/vscode/lib/workbenchUrl.mjs";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");
for (const [command, args] of [
  ["bash", [join(root, "scripts", "vscode", "install-code-server.sh")]],
  [process.execPath, [join(root, "esbuild.js")]],
]) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const profile = createProfile({ settings: { "workbench.startupEditor": "none" } });
const server = await startCodeServer(profile);
const url = workbenchUrl(server, { folder: join(root, "examples"), extensionDevelopmentPath: root });
console.log(`\nDurable Graphs in VS Code (code-server), on the examples folder:\n\n  ${url}\n\nOpen it in a browser on this machine. Ctrl-C stops the server.`);
const stop = async () => {
  await server.stop();
  profile.dispose();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
