/**
 * The runner is forked detached: on Linux and macOS it leads its own process group, which holds what a
 * node started (a child process, a shell). These signal that group without reading /proc: a group whose
 * id is this pid exists only if this process leads it (a pid is not reused while it names a group), so
 * the signal either reaches exactly that group or fails with ESRCH.
 */
export function signalOwnGroup(signal: NodeJS.Signals, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === "win32") return false; // no process groups to signal
  try {
    process.kill(-process.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends this process and everything it started, at once, as a crash would. Windows has no process groups:
 * `taskkill /T` ends the process tree instead.
 */
export function killOwnTree(platform: NodeJS.Platform = process.platform): never {
  if (platform === "win32") {
    try {
      const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
      spawnSync("taskkill", ["/pid", String(process.pid), "/T", "/F"], { windowsHide: true, stdio: "ignore" });
    } catch {
      // fall through to our own end
    }
  } else signalOwnGroup("SIGKILL", platform);
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable: the process was killed");
}
