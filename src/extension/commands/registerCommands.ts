import * as vscode from "vscode";
import { openRunPanel } from "../panel/openRunPanel";
import type { RunPanels } from "../panel/runPanels";
import type { Services } from "../services";
import { createExample } from "./createExample";
import { runAndCrash, runGraph } from "./runGraph";
import { showCheckpoint } from "./showCheckpoint";
import { cancelRun, forkFromCheckpoint, resetThread, resumeThread } from "./threadCommands";

/** Every command of the extension (titles, icons and menus are in package.json). */
export function registerCommands(services: Services, panels: RunPanels): vscode.Disposable[] {
  const commands: Record<string, (...args: any[]) => unknown> = {
    "durableGraphs.runGraph": (arg) => runGraph(services, arg),
    "durableGraphs.runAndCrash": (arg) => runAndCrash(services, arg),
    "durableGraphs.resumeThread": (arg) => resumeThread(services, arg),
    "durableGraphs.resetThread": (arg, options) => resetThread(services, arg, options),
    "durableGraphs.cancelRun": (arg) => cancelRun(services, arg),
    "durableGraphs.forkFromCheckpoint": (arg, options) => forkFromCheckpoint(services, arg, options),
    "durableGraphs.showCheckpoint": (arg) => showCheckpoint(services, arg),
    "durableGraphs.openRunPanel": (arg) => openRunPanel(services, panels, arg),
    "durableGraphs.refresh": () => services.tree.refresh(),
    "durableGraphs.createExample": () => createExample(),
    "durableGraphs.showOutput": () => services.output.show(true),
  };
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
