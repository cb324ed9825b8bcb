import type { CellSummary, ToPanel } from "../../../src/core/protocol/panelMessages";
import type { RunPanel } from "../../../src/extension/panel/runPanel";

/** Everything a panel sends to its webview, and a way to await the next message that fits. */
export function listen(panel: RunPanel) {
  const messages: ToPanel[] = [];
  const waiters: { test: (m: ToPanel) => boolean; resolve: (m: ToPanel) => void }[] = [];
  const subscription = panel.onDidPost((message) => {
    messages.push(message);
    for (const w of [...waiters]) if (w.test(message)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(message));
  });
  return {
    messages,
    /** The cells as the webview holds them after applying every `cells` message since the last `init`. */
    cells(): CellSummary[] {
      const start = messages.map((m) => m.type).lastIndexOf("init");
      const held = new Map<number, CellSummary>();
      let total = 0;
      for (const m of messages.slice(start)) {
        if (m.type !== "cells") continue;
        for (const i of [...held.keys()]) if (i >= m.staleFrom) held.delete(i);
        for (const { i, cell } of m.patch) held.set(i, cell);
        m.cells.forEach((cell, k) => held.set(m.start + k, cell));
        total = m.total;
      }
      return [...held.entries()].filter(([i]) => i < total).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    },
    /** How many cells the list holds, as the last `cells` message said. */
    total(): number {
      return messages.filter((m): m is Extract<ToPanel, { type: "cells" }> => m.type === "cells").at(-1)?.total ?? 0;
    },
    next<T extends ToPanel["type"]>(type: T, test: (m: Extract<ToPanel, { type: T }>) => boolean = () => true): Promise<Extract<ToPanel, { type: T }>> {
      const fits = (m: ToPanel): m is Extract<ToPanel, { type: T }> => m.type === type && test(m as Extract<ToPanel, { type: T }>);
      const seen = messages.find(fits);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ test: fits, resolve: resolve as (m: ToPanel) => void }));
    },
    dispose: () => subscription.dispose(),
  };
}

