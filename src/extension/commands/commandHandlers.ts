import type { CommandId } from "../contributions";
import { openRunPanel } from "../panel/openRunPanel";
import type { RunPanels } from "../panel/runPanels";
import type { Services } from "../services";
import { createExample } from "./createExample";
import { runAndCrash, runGraph } from "./runGraph";
import { editStateAtCheckpoint } from "./editState";
import { replayFromHere } from "./replayFromHere";
import { showCheckpoint } from "./showCheckpoint";
import { cancelRun, forkFromCheckpoint, resetThread, resumeThread } from "./threadCommands";
import { answerQuestion } from "./answerQuestion";

/** Every command of the extension, by id (titles, icons and menus are in package.json). */
export function commandHandlers(services: Services, panels: RunPanels): Record<CommandId, (...args: any[]) => unknown> {
  return {
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
    "durableGraphs.editStateAtCheckpoint": (arg) => editStateAtCheckpoint(services, arg),
    "durableGraphs.replayFromHere": (arg) => replayFromHere(services, arg),
    "durableGraphs.answerQuestion": (arg, options) => answerQuestion(services, arg, options),
  };
}
