import * as z from "zod";

/**
 * Checks an answer against its question's JSON Schema in the webview, before it is sent: the same
 * reading of the schema the runner makes (zod's), so what the form accepts the runner accepts. Returns
 * the issues, each with the dotted path of the field it is about (empty: the answer as a whole).
 * A schema zod cannot read back is left to the runner (no issue here).
 */
export function answerIssues(schema: Record<string, unknown> | undefined, value: unknown): { path: string; message: string }[] {
  if (!schema) return [];
  let check: z.ZodType;
  try {
    check = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return [];
  }
  const parsed = check.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}
