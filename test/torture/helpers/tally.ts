/** Counts by kind, printed in a stable order for the suite's closing lines. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(kind: string, by = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + by);
  }

  get(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** `kind n` per kind, sorted by kind. */
  entries(): string[] {
    return [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`);
  }

  toString(): string {
    return this.counts.size === 0 ? "none" : this.entries().join(", ");
  }
}

/** A failure found by a round, with what is needed to find it again. */
export interface Finding {
  kind: string;
  message: string;
}

/** The first `limit` findings (TORTURE_SHOW_FINDINGS, default 15), one a line, for an assertion message. */
export function describeFindings(findings: readonly Finding[], limit = Number(process.env.TORTURE_SHOW_FINDINGS ?? 15)): string {
  const shown = findings.slice(0, limit).map((f) => `  [${f.kind}] ${f.message}`);
  if (findings.length > limit) shown.push(`  … and ${findings.length - limit} more`);
  return shown.join("\n");
}

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
