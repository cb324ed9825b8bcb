/**
 * The TypeScript server plugin the extension contributes (package.json `typescriptServerPlugins`):
 * graph files get the SDK's types, and Node's, in a workspace without `npm install` — the case the
 * runner supports by supplying its bundled SDK. Nothing is written into the workspace: the
 * declarations ship inside the extension, beside this module (node_modules/durable-graphs-ts-plugin).
 *
 * It acts only on projects that hold a graph file, and only where the workspace lacks what it adds:
 * `durable-graphs` where it does not resolve, Node's types where the project has none; nothing at
 * all where the workspace installed `durable-graphs` (its package brings its own truth).
 */
import { join } from "node:path";
import type * as ts from "typescript";
import { lacksNodeTypes, needsShippedSdk } from "./graphProject";
import { addNodeTypesWhereMissing } from "./nodeTypes";
import { resolveSdkWhereMissing } from "./sdkResolution";
import { ShippedTypes } from "./shippedTypes";

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const typescript = modules.typescript;
  const shipped = new ShippedTypes(typescript, join(__dirname, "types"));
  const log = (project: ts.server.Project, message: string) => project.projectService.logger.info(`[durable-graphs] ${message}`);

  return {
    create(info) {
      const project = info.project;
      const wrapped = resolveSdkWhereMissing(typescript, info.languageServiceHost, shipped, () => needsShippedSdk(project));
      if (!wrapped) log(project, "no resolveModuleNameLiterals (TypeScript before 5.0): durable-graphs is not supplied");
      addNodeTypesWhereMissing(
        info.languageServiceHost,
        () => shipped.nodeTypesEntry(project.getCompilationSettings()),
        () => needsShippedSdk(project) && lacksNodeTypes(project),
      );
      return info.languageService;
    },
  };
}

export = init;
