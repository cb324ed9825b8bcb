import type * as ts from "typescript";

/**
 * Adds Node's shipped declarations to the project's files where `applies()` (a graph project that has
 * no `@types/node` of its own). The file is added the way the server adds automatically acquired
 * typings (beside the root files), because an inferred project — a folder without a tsconfig, the
 * common case here — leaves a plugin's `getExternalFiles` out of its program. No option of the
 * user's changes.
 */
export function addNodeTypesWhereMissing(host: ts.LanguageServiceHost, entry: () => string | undefined, applies: () => boolean): void {
  const original = host.getScriptFileNames.bind(host);
  host.getScriptFileNames = () => {
    const files = original();
    if (!applies()) return files;
    const nodeTypes = entry();
    return nodeTypes && !files.includes(nodeTypes) ? [...files, nodeTypes] : files;
  };
}
