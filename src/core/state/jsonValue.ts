/**
 * Returns the path of the first part of `value` that JSON cannot carry faithfully (functions, symbols,
 * bigints, undefined inside arrays, non-finite numbers, class instances such as Date or Map, cycles),
 * or undefined when the whole value is plain JSON.
 */
export function findNonJson(value: unknown, path = "", seen = new Set<object>()): { path: string; reason: string } | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : { path, reason: `${value} is not a finite number` };
    case "undefined":
      return { path, reason: "undefined" };
    case "function":
      return { path, reason: "a function" };
    case "symbol":
      return { path, reason: "a symbol" };
    case "bigint":
      return { path, reason: "a bigint" };
  }
  if (value === null) return undefined;
  const object = value as object;
  if (seen.has(object)) return { path, reason: "a circular reference" };
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const found = findNonJson(object[i], `${path}[${i}]`, seen);
        if (found) return found;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      return { path, reason: `an instance of ${object.constructor?.name ?? "a class"}` };
    }
    for (const [key, child] of Object.entries(object)) {
      if (child === undefined) continue; // dropped by JSON, like an absent key
      const found = findNonJson(child, path ? `${path}.${key}` : key, seen);
      if (found) return found;
    }
    return undefined;
  } finally {
    seen.delete(object);
  }
}

/** Structural equality of two JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const key of ka) {
    if (!jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
