/**
 * When the extension's bundle started loading. Imported first by extension.ts, so it is evaluated
 * before any other module of the bundle: activate() reports its time from here (module start → end
 * of activate()), which the editor benchmark reads.
 */
export const moduleStart = performance.now();
