import type { z } from "zod";
import { DurableError } from "../errors";
import type { StateValues } from "../sdk/types";

/**
 * Checks a person's edit of a thread's state against the graph's state schema before anything is
 * written: a JSON object, no key the schema lacks (a typo would otherwise be kept and never read), and
 * every value as the schema says. The first fault is an EDIT_INVALID naming the key (`details.path`).
 */
export function validateEditedState(schema: z.ZodObject, value: unknown): StateValues {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DurableError("EDIT_INVALID", "the edited state must be a JSON object of state keys", { path: "" });
  }
  const state = value as StateValues;
  const known = Object.keys(schema.shape);
  for (const key of Object.keys(state)) {
    if (!Object.hasOwn(schema.shape, key)) {
      throw new DurableError("EDIT_INVALID", `"${key}" is not a key of the graph's state (its keys: ${known.join(", ") || "none"})`, { path: key, key });
    }
  }
  const result = schema.safeParse(state);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.join(".");
    throw new DurableError("EDIT_INVALID", `"${path || "(state)"}" is invalid: ${issue.message}`, { path, key: String(issue.path[0] ?? "") });
  }
  return state;
}
