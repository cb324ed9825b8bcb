import type * as ts from "typescript";

/** A graph file, as the runner and the extension name them. */
const GRAPH_FILE = /\.graph\.(ts|mts|js|mjs)$/;

/** What the plugin asks of a project: its root files and a way to look at the disk. */
export interface ProjectView {
  getRootFiles(): readonly string[];
  getCompilationSettings(): ts.CompilerOptions;
  fileExists(path: string): boolean;
}

/** The project's graph files (root files only: a graph file is opened, or listed by a tsconfig). */
export function graphFiles(project: ProjectView): string[] {
  return project.getRootFiles().filter((file) => GRAPH_FILE.test(file));
}

/** Whether `relative` exists beside `file` or in any folder above it (as node_modules is searched). */
export function foundAbove(file: string, relative: string, fileExists: (path: string) => boolean): boolean {
  let dir = parent(file);
  for (;;) {
    if (fileExists(dir.endsWith("/") ? dir + relative : `${dir}/${relative}`)) return true;
    const up = parent(dir);
    if (up === dir) return false;
    dir = up;
  }
}

function parent(path: string): string {
  const slash = path.lastIndexOf("/");
  if (slash <= 0) return "/";
  // "c:/x" → "c:/" (a drive's root is its own parent)
  return /^[a-zA-Z]:$/.test(path.slice(0, slash)) ? path.slice(0, slash + 1) : path.slice(0, slash);
}

/**
 * Whether the plugin supplies types to this project: it has graph files, and the workspace has not
 * installed `durable-graphs` for them (then its own package, and its own types, are the truth).
 */
export function needsShippedSdk(project: ProjectView): boolean {
  const graphs = graphFiles(project);
  return graphs.length > 0 && !graphs.some((file) => foundAbove(file, "node_modules/durable-graphs/package.json", (p) => project.fileExists(p)));
}

/**
 * Whether the project lacks Node's types: no `@types/node` where the compiler would find it
 * (a `typeRoots` folder, or a node_modules/@types above a graph file). Adding ours beside the
 * workspace's own would declare every global twice.
 */
export function lacksNodeTypes(project: ProjectView): boolean {
  const exists = (p: string) => project.fileExists(p);
  const typeRoots = project.getCompilationSettings().typeRoots;
  if (typeRoots?.some((root) => exists(`${root.replace(/\\/g, "/")}/node/index.d.ts`))) return false;
  return !graphFiles(project).some((file) => foundAbove(file, "node_modules/@types/node/index.d.ts", exists));
}
