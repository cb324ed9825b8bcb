import assert from "node:assert/strict";
import { mkdtempSync, rmSync, utimesSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { identify, isProcessAlive, processStartTime, type ProcessIdentity, type ProcessProbe } from "../../../src/core/store/file/processIdentity";
import { FileStore } from "../../../src/core/store/file/fileStore";
import { readSegments } from "../../../src/core/store/file/journalSegments";
import { lockState } from "../../../src/core/store/file/threadLock";
import { nodeFs } from "../../../src/core/store/file/storeFs";

/** A system as each platform presents it: /proc files (Linux), `ps` output (macOS), neither (Windows). */
function probe(platform: NodeJS.Platform, system: { proc?: Record<string, string>; ps?: Record<number, string>; running: number[] }): ProcessProbe & { psCalls: number } {
  const fake = {
    platform,
    psCalls: 0,
    readProc(path: string): string {
      const text = system.proc?.[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
    psStart(pid: number): string {
      fake.psCalls++;
      const text = system.ps?.[pid];
      if (text === undefined) throw new Error("ps: no such process");
      return `${text}\n`;
    },
    running: (pid: number) => system.running.includes(pid),
  };
  return fake;
}

const stat = (command: string, state: string, start: string) => `42 (${command}) ${state} 1 42 42 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 ${start} 1000 10`;
const owner = (pid: number, start: string | null, extra: Partial<ProcessIdentity> = {}): ProcessIdentity => ({ pid, start, host: "here", ...extra });

describe("process identity on each platform (injected)", () => {
  it("Linux: the start time is field 22 of /proc/PID/stat, read past a command name with spaces and parentheses; a zombie or a gone pid has none, and ps is never run", () => {
    const linux = probe("linux", { proc: { "/proc/42/stat": stat("my (odd) cmd", "S", "98765"), "/proc/43/stat": stat("z", "Z", "5") }, running: [42, 43] });
    assert.equal(processStartTime(42, linux), "98765");
    assert.equal(processStartTime(43, linux), null);
    assert.equal(processStartTime(44, linux), null);
    assert.equal(linux.psCalls, 0);
    assert.equal(isProcessAlive(owner(42, "98765"), linux, owner(1, "1")), true);
    assert.equal(isProcessAlive(owner(42, "11111"), linux, owner(1, "1")), false, "the pid was reused by another process");
    assert.equal(isProcessAlive(owner(43, "5"), linux, owner(1, "1")), false, "a zombie has finished");
    assert.equal(isProcessAlive(owner(44, "5"), linux, owner(1, "1")), false);
  });

  it("Linux: a process recorded before a reboot is dead even if its pid and start time came round again", () => {
    const linux = probe("linux", { proc: { "/proc/42/stat": stat("node", "S", "500"), "/proc/sys/kernel/random/boot_id": "boot-b\n" }, running: [42] });
    const self = identify(7, "here", linux);
    assert.equal(self.boot, "boot-b");
    assert.equal(isProcessAlive(owner(42, "500", { boot: "boot-a" }), linux, self), false);
    assert.equal(isProcessAlive(owner(42, "500", { boot: "boot-b" }), linux, self), true);
  });

  it("macOS: without /proc the start time comes from ps; the same pid with another start time is another process", () => {
    const mac = probe("darwin", { ps: { 42: "Mon Nov 30 01:02:03 2026" }, running: [42] });
    assert.equal(processStartTime(42, mac), "Mon Nov 30 01:02:03 2026");
    assert.equal(identify(42, "here", mac).boot, undefined);
    assert.equal(isProcessAlive(owner(42, "Mon Nov 30 01:02:03 2026"), mac, owner(1, "x")), true);
    assert.equal(isProcessAlive(owner(42, "Sun Nov 29 23:00:00 2026"), mac, owner(1, "x")), false);
    assert.equal(isProcessAlive(owner(50, "Mon Nov 30 01:02:03 2026"), mac, owner(1, "x")), false, "no such pid");
  });

  it("macOS without a working ps, and Windows: a running pid cannot be told from a reused one, so the answer is 'ask the lease'", () => {
    const noPs = probe("darwin", { running: [42] });
    assert.equal(isProcessAlive(owner(42, "Mon Nov 30 01:02:03 2026"), noPs, owner(1, "x")), undefined);
    const windows = probe("win32", { running: [42] });
    assert.equal(processStartTime(42, windows), null);
    assert.equal(identify(42, "here", windows).start, null);
    assert.equal(isProcessAlive(owner(42, null), windows, owner(1, null)), undefined);
    assert.equal(isProcessAlive(owner(43, null), windows, owner(1, null)), false, "a pid that does not run is dead everywhere");
  });

  it("a thread whose local owner cannot be identified is held while its heartbeat is fresh, and free once the lease has run out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dg-ident-"));
    try {
      const store = new FileStore(join(dir, ".durable"));
      const writer = await store.create({ thread: "t", graph: "g.graph.ts", state: {}, next: ["a"] });
      try {
        const threadDir = join(dir, ".durable", "threads", "t");
        const newest = readSegments(nodeFs, threadDir).at(-1)!;
        assert.equal(newest.header.owner?.host, hostname());
        const windows = probe("win32", { running: [process.pid] });
        assert.equal(lockState(nodeFs, threadDir, newest, 10_000, windows).held, true, "fresh heartbeat");
        const past = new Date(Date.now() - 60_000);
        utimesSync(newest.path, past, past);
        assert.equal(lockState(nodeFs, threadDir, newest, 10_000, windows).held, false, "the lease ran out: a reused pid does not hold the thread");
        assert.equal(lockState(nodeFs, threadDir, newest, 10_000).held, true, "on Linux the live owner holds it whatever its heartbeat");
        const gone = probe("win32", { running: [] });
        utimesSync(newest.path, new Date(), new Date());
        assert.equal(lockState(nodeFs, threadDir, newest, 10_000, gone).held, false, "a pid that does not run holds nothing");
      } finally {
        await writer.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
