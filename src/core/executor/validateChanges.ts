import type { z } from "zod";
import { DurableError } from "../errors";
import type { StateValues } from "../sdk/types";
import type { StateChange } from "../state/stateChanges";

type AnySchema = z.ZodType & { unwrap?: () => AnySchema; element?: AnySchema };

/**
 * Checks a step's changes against the state schema before they are committed: a replaced value against
 * its key's schema, appended items against the list's item schema. Cost is the size of the change.
 * `writers` names the nodes that wrote each key (for the error).
 */
export function validateChanges(schema: z.ZodObject, changes: readonly StateChange[], writers: (key: string) => string[]): void {
  for (const change of changes) {
    const keySchema = schema.shape[change.key] as AnySchema | undefined;
    if (!keySchema || change.op === "unset") continue;
    const [target, value] = change.op === "set" ? [keySchema, change.value] : [itemSchema(keySchema), change.items];
    const result = change.op === "append" && target !== keySchema ? validateItems(target, change.items) : target.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue?.path.length ? `${change.key}.${issue.path.join(".")}` : change.key;
      const by = writers(change.key);
      throw new DurableError(
        "STATE_INVALID",
        `${by.length ? `node${by.length > 1 ? "s" : ""} ${by.map((n) => `"${n}"`).join(", ")} made` : "the step made"} "${path}" invalid: ${issue?.message ?? "does not match the state schema"}`,
        { key: change.key, path, ...(by.length === 1 ? { node: by[0] } : {}) },
      );
    }
  }
}

/** Checks a whole stored state against the schema (once per run, when a thread is resumed). */
export function validateStoredState(schema: z.ZodObject, state: StateValues): void {
  const result = schema.safeParse(state);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new DurableError(
      "GRAPH_CHANGED",
      `the thread's stored state no longer matches the graph's state schema at "${issue.path.join(".") || "(state)"}": ${issue.message}; fork or reset the thread, or change the schema back`,
      { path: issue.path.join(".") },
    );
  }
}

function itemSchema(schema: AnySchema): AnySchema {
  let current: AnySchema | undefined = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.element) return current.element;
    current = typeof current.unwrap === "function" ? current.unwrap() : undefined;
  }
  return schema;
}

function validateItems(schema: AnySchema, items: readonly unknown[]) {
  for (let i = 0; i < items.length; i++) {
    const result = schema.safeParse(items[i]);
    if (!result.success) {
      for (const issue of result.error.issues) issue.path.unshift(i);
      return result;
    }
  }
  return { success: true as const };
}
