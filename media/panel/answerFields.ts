/**
 * The answer form of a question cell, as data: which fields the question's JSON Schema asks for and how
 * each is edited, and the answer the form's values make. A boolean is a checkbox (an optional one a
 * choice of yes, no or not set), a string a text field (a text area when it may be long), a number a
 * number field, an enum a choice; a nested object, an array or anything else a JSON editor. No DOM here.
 */
export type Schema = Record<string, unknown>;

export type FieldKind = "checkbox" | "text" | "textarea" | "number" | "choice" | "json";

export interface AnswerField {
  /** The property it fills; undefined when the field is the whole answer. */
  key?: string;
  label: string;
  kind: FieldKind;
  optional: boolean;
  description?: string;
  /** A choice's values. */
  options?: unknown[];
  integer?: boolean;
}

/** What an input holds: a checkbox's state, or the text typed or chosen (a choice: the option's index). */
export type FieldValues = Record<string, string | boolean>;

/** The fields for a schema: one per property of an object schema, else one for the whole answer. */
export function answerFields(schema: Schema | undefined): AnswerField[] {
  if (!schema) return [{ label: "Answer", kind: "json", optional: false }];
  const properties = schema.type === "object" && isSchema(schema.properties) ? (schema.properties as Record<string, unknown>) : undefined;
  if (properties && Object.keys(properties).length > 0) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    return Object.entries(properties).map(([key, property]) => field(isSchema(property) ? property : {}, key, key, !required.has(key)));
  }
  return [field(schema, undefined, "Answer", false)];
}

function field(schema: Schema, key: string | undefined, label: string, optional: boolean): AnswerField {
  const base = { ...(key === undefined ? {} : { key }), label, optional, ...(typeof schema.description === "string" ? { description: schema.description } : {}) };
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every(isPrimitive)) return { ...base, kind: "choice", options: schema.enum };
  switch (schema.type) {
    case "boolean":
      // A checkbox cannot say "not set": an optional yes/no is a choice of three.
      return optional ? { ...base, kind: "choice", options: [true, false] } : { ...base, kind: "checkbox" };
    case "string": {
      const short = (typeof schema.maxLength === "number" && schema.maxLength <= 200) || typeof schema.format === "string" || typeof schema.pattern === "string";
      return { ...base, kind: short ? "text" : "textarea" };
    }
    case "number":
    case "integer":
      return { ...base, kind: "number", integer: schema.type === "integer" };
    default:
      return { ...base, kind: "json" };
  }
}

/** The inputs' first values: the schema's defaults where it has them. */
export function initialValues(schema: Schema | undefined, fields: readonly AnswerField[]): FieldValues {
  const values: FieldValues = {};
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  for (const f of fields) {
    const own = f.key === undefined ? schema : properties[f.key];
    const fallback = own && "default" in own ? own.default : undefined;
    const id = fieldId(f);
    if (f.kind === "checkbox") values[id] = fallback === true;
    else if (fallback === undefined) values[id] = "";
    else if (f.kind === "choice") values[id] = String(Math.max(0, f.options!.findIndex((o) => o === fallback)));
    else if (f.kind === "json") values[id] = JSON.stringify(fallback, null, 2);
    else values[id] = String(fallback);
  }
  return values;
}

/** The key a field's value is kept under ("" for the whole answer). */
export function fieldId(f: AnswerField): string {
  return f.key ?? "";
}

/**
 * The answer the values make, or what is wrong with them, by field (an empty required field, a number
 * that is not one, JSON that does not parse). Empty optional fields are left out of the answer.
 */
export function collectAnswer(fields: readonly AnswerField[], values: FieldValues): { value: unknown } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const out: Record<string, unknown> = {};
  let whole: unknown;
  for (const f of fields) {
    const id = fieldId(f);
    const raw = values[id];
    let value: unknown;
    if (f.kind === "checkbox") value = raw === true;
    else {
      const typed = typeof raw === "string" ? raw : "";
      const blank = f.kind === "text" || f.kind === "textarea" ? typed === "" : typed.trim() === "";
      if (blank) {
        if (f.optional) continue;
        if (f.kind === "text" || f.kind === "textarea") value = "";
        else {
          errors[id] = f.kind === "choice" ? "choose one" : f.kind === "number" ? "enter a number" : "enter a JSON value";
          continue;
        }
      } else if (f.kind === "choice") value = f.options![Number(typed)];
      else if (f.kind === "number") {
        const n = Number(typed.trim());
        if (!Number.isFinite(n)) {
          errors[id] = "not a number";
          continue;
        }
        if (f.integer && !Number.isInteger(n)) {
          errors[id] = "must be a whole number";
          continue;
        }
        value = n;
      } else if (f.kind === "json") {
        try {
          value = JSON.parse(typed) as unknown;
        } catch (error) {
          errors[id] = `not valid JSON: ${(error as Error).message}`;
          continue;
        }
      } else value = typed;
    }
    if (f.key === undefined) whole = value;
    else out[f.key] = value;
  }
  if (Object.keys(errors).length) return { errors };
  return { value: fields.length === 1 && fields[0]!.key === undefined ? whole : out };
}

/** The field an issue's path is about: its first segment, when a field has that key; else the whole answer (""). */
export function fieldOfPath(fields: readonly AnswerField[], path: string): string {
  const first = path.split(".")[0] ?? "";
  return fields.some((f) => f.key === first) ? first : "";
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPrimitive(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}
