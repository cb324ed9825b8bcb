import type * as vscode from "vscode";

export interface RunRecord {
  folder: string;
  thread: string;
  pid: number;
}

const KEY = "durableGraphs.activeRuns";

/**
 * The runs this window has going, kept in workspace state: after a reload the new extension host reads
 * them to offer resuming the ones the reload interrupted.
 */
export class RunRecords {
  constructor(private readonly state: vscode.Memento) {}

  list(): RunRecord[] {
    return this.state.get<RunRecord[]>(KEY, []);
  }

  async add(record: RunRecord): Promise<void> {
    await this.state.update(KEY, [...this.list().filter((r) => !(r.folder === record.folder && r.thread === record.thread)), record]);
  }

  async remove(folder: string, thread: string): Promise<void> {
    await this.state.update(KEY, this.list().filter((r) => !(r.folder === folder && r.thread === thread)));
  }

  async clear(): Promise<void> {
    await this.state.update(KEY, []);
  }
}
