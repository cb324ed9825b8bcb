import * as vscode from "vscode";
import type { ThreadInfo } from "../core/store/checkpointStore";
import type { Services } from "./services";
import type { FolderStore } from "./workspaceStores";

/** A run Cancel Run can stop: one of this window's, or one another process owns. */
export interface RunningRef {
  entry: FolderStore;
  thread: string;
  /** The owning process when it is not this window's run. */
  owner?: { pid: number };
}

interface RunItem extends vscode.QuickPickItem {
  ref: RunningRef;
}

/**
 * The run Cancel Run acts on: its tree item or thread id, else a pick that shows at once with this
 * window's runs (known without reading anything) and adds the runs of other processes when the
 * stores have been read. A run that ends while the pick is open leaves it; only runs still going are
 * offered.
 */
export async function pickRunningThread(services: Services, arg: unknown): Promise<RunningRef | undefined> {
  const row = arg as { kind?: string; entry?: FolderStore; info?: ThreadInfo } | undefined;
  if (row?.kind === "thread" && row.entry && row.info) return { entry: row.entry, thread: row.info.id, ...(row.info.owner ? { owner: { pid: row.info.owner.pid } } : {}) };
  if (typeof arg === "string") return named(services, arg);

  const pick = vscode.window.createQuickPick<RunItem>();
  pick.title = "Cancel Run";
  pick.placeholder = "Pick a thread";
  pick.matchOnDescription = true;
  const here = (entry: FolderStore, thread: string) => services.runs.isRunning(entry, thread);
  let items: RunItem[] = services.runs.running().map((r) => ({
    label: r.thread,
    description: `running in this window · step ${r.step}${r.node ? ` · ${r.node}` : ""}`,
    ref: { entry: r.entry, thread: r.thread },
  }));
  pick.items = items;
  pick.busy = true;
  pick.show();

  const subscriptions: vscode.Disposable[] = [];
  const chosen = new Promise<RunningRef | undefined>((resolve) => {
    subscriptions.push(
      pick.onDidAccept(() => resolve(pick.selectedItems[0]?.ref)),
      pick.onDidHide(() => resolve(undefined)),
      services.runs.onDidFinish((finish) => {
        items = items.filter((i) => !(i.label === finish.thread && !i.ref.owner));
        pick.items = items;
      }),
    );
  });
  void (async () => {
    for (const entry of services.stores.all()) {
      let threads: ThreadInfo[];
      try {
        threads = await entry.store.listThreads();
      } catch {
        continue;
      }
      const others = threads
        .filter((t) => t.status === "running" && t.owner && !here(entry, t.id))
        .map((t): RunItem => ({ label: t.id, description: `running in process ${t.owner!.pid}`, detail: t.graph, ref: { entry, thread: t.id, owner: { pid: t.owner!.pid } } }));
      if (others.length) {
        items = [...items, ...others];
        pick.items = items;
      }
    }
    pick.busy = false;
    if (items.length === 0) {
      pick.hide();
      void vscode.window.showInformationMessage("Cancel Run: no run is going.");
    }
  })();
  try {
    return await chosen;
  } finally {
    for (const s of subscriptions) s.dispose();
    pick.dispose();
  }
}

async function named(services: Services, id: string): Promise<RunningRef | undefined> {
  const mine = services.runs.running().find((r) => r.thread === id);
  if (mine) return { entry: mine.entry, thread: id };
  for (const entry of services.stores.all()) {
    const info = await entry.store.getThread(id).catch(() => undefined);
    if (info) return { entry, thread: id, ...(info.status === "running" && info.owner ? { owner: { pid: info.owner.pid } } : {}) };
  }
  void vscode.window.showInformationMessage(`Thread ${id} is not running.`);
  return undefined;
}
