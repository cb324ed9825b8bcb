/** Colour and symbols only where a person reads a terminal (not in pipes, files, CI logs or with NO_COLOR). */
const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;

const paint = (code: number) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const cyan = paint(36);
export const magenta = paint(35);


export function duration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Left-aligned columns for tables. */
export function table(rows: string[][]): string {
  const strip = (s: string) => s.replace(/\x1b\[\d+m/g, "");
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => strip(r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + " ".repeat(widths[i]! - strip(cell).length))).join("  ").trimEnd()).join("\n");
}

export function statusColor(status: string): string {
  switch (status) {
    case "completed":
      return green(status);
    case "failed":
    case "quarantined":
      return red(status);
    case "running":
      return cyan(status);
    default:
      return yellow(status);
  }
}
