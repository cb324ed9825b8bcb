import { randomBytes } from "node:crypto";
import { DurableError } from "./errors";

/** Thread ids become directory names: a strict whitelist keeps them safe on every file system. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_ID_LENGTH = 128;
const RESERVED = new Set(["__proto__", "constructor", "prototype", ".", ".."]);

export function validateId(value: unknown, kind = "thread id"): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new DurableError("INVALID_ID", `${kind} must be a non-empty string`, { kind });
  }
  if (value.length > MAX_ID_LENGTH) {
    throw new DurableError("INVALID_ID", `${kind} is ${value.length} characters long; the limit is ${MAX_ID_LENGTH}`, {
      kind,
      length: value.length,
    });
  }
  if (RESERVED.has(value) && ID_PATTERN.test(value)) {
    throw new DurableError("INVALID_ID", `${kind} ${JSON.stringify(value)} is reserved; pick another name`, { kind, value });
  }
  if (RESERVED.has(value) || !ID_PATTERN.test(value) || value.endsWith(".")) {
    throw new DurableError(
      "INVALID_ID",
      `${kind} ${JSON.stringify(value)} is not allowed: use letters, digits, '.', '_' and '-', starting with a letter or digit`,
      { kind, value },
    );
  }
  return value;
}

/** A short, sortable-enough, collision-resistant id for new threads and runs. */
export function newId(prefix = "t"): string {
  const time = Date.now().toString(36);
  return `${prefix}-${time}-${randomBytes(3).toString("hex")}`;
}
