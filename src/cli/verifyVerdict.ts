import type { VerifyReport } from "../core/store/checkpointStore";
import { bold, green, yellow } from "./terminal";

/** `verify`'s verdict for a journal that can be read: clean, or a torn tail the next run cuts. */
export function verifyVerdict(thread: string, report: VerifyReport): string {
  const counts = `${report.records} records in ${report.segments} segment(s), ${report.bytes} bytes, last committed step ${report.step}`;
  const torn = report.tornTail;
  if (!torn) return `${green("✔")} ${bold(thread)}: ${counts}; all checksums and sequence numbers valid`;
  return yellow(
    `⚠ ${bold(thread)}: torn tail: ${torn.bytes} byte${torn.bytes === 1 ? "" : "s"} at offset ${torn.offset} of ${torn.file} are an incomplete record (a process died mid-write); ` +
      `the next run or resume cuts it. Before it: ${counts}, all valid`,
  );
}
