import { DurableError } from "../errors";

/** Validated paging options of `history`. */
export function pageOptions(options: { afterSeq?: number; limit?: number }): { after: number; limit: number } {
  const limit = options.limit ?? Infinity;
  if (!(limit >= 1) || (limit !== Infinity && !Number.isInteger(limit))) {
    throw new DurableError("INVALID_ARGUMENT", `a history page holds at least one record (limit ${limit})`, { limit });
  }
  const after = options.afterSeq ?? -1;
  if (!Number.isInteger(after)) throw new DurableError("INVALID_ARGUMENT", `afterSeq must be an integer (${after})`, { afterSeq: after });
  return { after, limit };
}
