/**
 * A question's answer schema (JSON Schema) in one line, for the terminal: `{ approved: boolean, note?: string }`.
 * Enough to type an answer; `--json` gives the schema itself.
 */
export function answerShape(schema: Record<string, unknown> | undefined, depth = 0): string {
  if (!schema) return "any JSON";
  if (depth > 3) return "…";
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const variants = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (Array.isArray(variants)) return variants.map((v) => answerShape(v, depth + 1)).join(" | ");
  switch (schema.type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const required = new Set((schema.required ?? []) as string[]);
      const fields = Object.entries(properties).map(([key, value]) => `${key}${required.has(key) ? "" : "?"}: ${answerShape(value, depth + 1)}`);
      return fields.length ? `{ ${fields.join(", ")} }` : "{}";
    }
    case "array":
      return `${answerShape(schema.items as Record<string, unknown> | undefined, depth + 1)}[]`;
    case "integer":
      return "number";
    case undefined:
      return "any JSON";
    default:
      return Array.isArray(schema.type) ? schema.type.join(" | ") : String(schema.type);
  }
}

/**
 * A smallest answer that fits the schema (required fields only): the CLI's example after `--answer`
 * (`{"approved":true}`), the editor's prefill (with `yes: false`, so Enter alone approves nothing).
 * Undefined when no such answer can be guessed (then the shape says what to write).
 */
export function answerExample(schema: Record<string, unknown> | undefined, yes = true, depth = 0): unknown {
  if (!schema || depth > 4) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ("const" in schema) return schema.const;
  if ("default" in schema) return schema.default;
  const variants = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (Array.isArray(variants)) return variants.length ? answerExample(variants[0], yes, depth + 1) : undefined;
  switch (schema.type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const example: Record<string, unknown> = {};
      for (const key of (schema.required ?? []) as string[]) {
        const value = answerExample(properties[key], yes, depth + 1);
        if (value === undefined) return undefined;
        example[key] = value;
      }
      return example;
    }
    case "array":
      return [];
    case "boolean":
      return yes;
    case "string":
      return typeof schema.minLength === "number" && schema.minLength > 0 ? "…".repeat(schema.minLength) : "…";
    case "number":
    case "integer":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "null":
      return null;
    default:
      return undefined;
  }
}
