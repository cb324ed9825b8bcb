import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { StoreWatcher } from "../../../src/extension/tree/storeWatcher";
import { storeSignature } from "../../../src/extension/tree/storeSignature";
import type { WorkspaceStores } from "../../../src/extension/workspaceStores";

describe("the Threads view's store watcher", () => {
  it("the store's signature changes when a thread appears or goes", () => {
    const store = mkdtempSync(join(tmpdir(), "dg-signature-"));
    try {
      assert.equal(storeSignature(store), "", "no store yet");
      mkdirSync(join(store, "threads", "a"), { recursive: true });
      const one = storeSignature(store);
      assert.match(one, /^a:/);
      mkdirSync(join(store, "threads", "b"));
      assert.notEqual(storeSignature(store), one, "a new thread");
      const two = storeSignature(store);
      rmSync(join(store, "threads", "a"), { recursive: true });
      assert.notEqual(storeSignature(store), two, "a deleted thread");
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it("notices a thread another process made (a store outside the workspace, polled every 50 ms here)", async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "dg-poll-"));
    const stores = { all: () => [{ storeDir }], onDidChange: () => new vscode.Disposable(() => {}) } as unknown as WorkspaceStores;
    let changed!: () => void;
    const noticed = new Promise<void>((resolve) => (changed = resolve));
    const watcher = new StoreWatcher(stores, () => changed(), 10, 50);
    try {
      mkdirSync(join(storeDir, "threads", "from-cli"), { recursive: true });
      await noticed;
    } finally {
      watcher.dispose();
      rmSync(storeDir, { recursive: true, force: true });
    }
  });
});
