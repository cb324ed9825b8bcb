import type * as ts from "typescript";
import type { ShippedTypes } from "./shippedTypes";

/**
 * Wraps the project's module resolution: where `durable-graphs` does not resolve (no node_modules,
 * the very case the runner supplies its bundled SDK for), it resolves to the shipped declarations.
 * Every other name, and `durable-graphs` wherever the workspace provides it, resolves as before.
 */
export function resolveSdkWhereMissing(
    typescript: typeof ts,
    host: ts.LanguageServiceHost,
    shipped: ShippedTypes,
    applies: () => boolean,
): boolean {
  const original = host.resolveModuleNameLiterals?.bind(host);
  // TypeScript before 5.0 names it differently; such a project keeps its own resolution.
  if (!original) return false;
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, options, containingSourceFile, reusedNames) => {
    const results = original(literals, containingFile, redirected, options, containingSourceFile, reusedNames);
    if (!literals.some((l) => l.text === "durable-graphs")) return results;
    if (!applies()) return results;
    return results.map((result, i) => {
      const literal = literals[i];
      if (result.resolvedModule || literal?.text !== "durable-graphs") return result;
      const mode = typescript.getModeForUsageLocation(containingSourceFile, literal, options);
      const shippedResult = shipped.resolveSdk(options, mode);
      return shippedResult.resolvedModule ? shippedResult : result;
    });
  };
  return true;
}
