import type * as ts from "typescript";

/**
 * The declarations shipped beside the plugin (built by scripts/shippedTypes.js): the SDK's, zod's,
 * Node's and undici's, laid out as a node_modules folder so that the compiler's own module resolution
 * finds each package's dependencies (the SDK imports zod; @types/node imports undici-types).
 */
export class ShippedTypes {
  /** A file (never read) in the folder holding the shipped node_modules: resolution starts there. */
  private readonly anchor: string;

  constructor(
    private readonly typescript: typeof ts,
    typesDir: string,
  ) {
    this.anchor = `${typesDir.replace(/\\/g, "/")}/graph.ts`;
  }

  /** `durable-graphs` resolved to the shipped declarations, as the project's options would resolve a package. */
  resolveSdk(options: ts.CompilerOptions, mode: ts.ResolutionMode): ts.ResolvedModuleWithFailedLookupLocations {
    const { ModuleResolutionKind } = this.typescript;
    // Classic resolution never looks into node_modules; the shipped folder is one.
    const moduleResolution = options.moduleResolution === ModuleResolutionKind.Classic ? ModuleResolutionKind.Node10 : options.moduleResolution;
    return this.typescript.resolveModuleName("durable-graphs", this.anchor, { ...options, moduleResolution }, this.typescript.sys, undefined, undefined, mode);
  }

  /** The entry of Node's shipped declarations for this TypeScript (@types/node picks a folder by version). */
  nodeTypesEntry(options: ts.CompilerOptions): string | undefined {
    const typeRoots = [this.anchor.replace(/\/graph\.ts$/, "/node_modules/@types")];
    const resolved = this.typescript.resolveTypeReferenceDirective("node", this.anchor, { ...options, typeRoots }, this.typescript.sys);
    return resolved.resolvedTypeReferenceDirective?.resolvedFileName;
  }
}
