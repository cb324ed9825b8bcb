import type { RunEvent } from "../core/protocol/runEvents";
import { repairCut } from "./repairedLine";
import { isStoreFailure } from "./storeFailure";
import { answerExample, answerShape } from "../core/interrupts/answerShape";
import { clippedJson } from "../core/clippedJson";
import { bold, cyan, dim, duration, green, magenta, red, yellow } from "./terminal";
import { hintFor, locationOf } from "./userMessage";

/** Prints a run's events for a person, one line each as they happen (a crash loses nothing shown). */
export function eventRenderer(print: (line: string) => void): (event: RunEvent) => void {
  let thread: string | undefined;
  return (event) => {
    if (event.type === "run-started") thread = event.thread;
    renderEvent(event, print, thread);
  };
}

function renderEvent(event: RunEvent, print: (line: string) => void, thread: string | undefined): void {
  switch (event.type) {
    case "run-started": {
      if (!event.resumed) {
        print(`${bold("▶")} thread ${bold(event.thread)}: new run of ${event.graph}`);
      } else {
        const after = event.lastNodes.length ? ` (after ${event.lastNodes.join(", ")})` : " (the input)";
        print(`${bold("↻")} thread ${bold(event.thread)}: found its checkpoint at step ${event.step}${after}`);
        const done = event.pending.length ? `; already finished in that step: ${event.pending.join(", ")}` : "";
        print(`  resuming at ${event.next.join(", ") || "END"}${done}`);
      }
      if (event.graphChanged) {
        print(yellow(`  the graph changed since the thread's last run (${event.graphChanged.from} → ${event.graphChanged.to}): ${event.graphChanged.changes.join("; ") || "its code"}`));
      }
      return;
    }
    case "repaired":
      print(yellow(`  repaired: ${repairCut(event)} (a process died mid-write); resuming from the last complete one`));
      return;
    case "warning":
      print(yellow(`  warning: ${event.message}`));
      return;
    case "step-started":
      return;
    case "node-started":
      print(`  step ${event.step}  ${cyan(event.node)}${event.attempt > 1 ? dim(` (attempt ${event.attempt})`) : ""} …`);
      return;
    case "node-finished":
      if (event.replayed) print(`  step ${event.step}  ${cyan(event.node)} ${dim("already done in an earlier run: not run again")}`);
      else print(`  step ${event.step}  ${cyan(event.node)} ${green("✓")} ${dim(duration(event.durationMs))}`);
      return;
    case "node-retry":
      print(yellow(`  step ${event.step}  ${event.node} failed (${event.error.message}); retry ${event.attempt + 1} in ${duration(event.delayMs)}`));
      return;
    case "log":
      print(`${dim(`    ${event.node} │`)} ${event.level === "error" ? red(event.message) : event.level === "warn" ? yellow(event.message) : event.message}`);
      return;
    case "checkpoint":
      print(dim(`  step ${event.step}  checkpoint committed${event.next.length ? ` → next: ${event.next.join(", ")}` : " → END"}`));
      return;
    case "done":
      print(`${green("✔")} completed at step ${event.step}`);
      print(JSON.stringify(event.state, null, 2));
      return;
    case "node-waiting":
      print(`  step ${event.step}  ${cyan(event.node)} ${magenta("?")} asks: ${event.value === undefined ? dim("(no payload)") : clippedJson(event.value)}`);
      if (event.refused) print(yellow(`      asked again: ${event.refused}`));
      print(dim(`      answer: ${answerShape(event.schema)}`));
      return;
    case "waiting": {
      const t = thread ?? "<thread>";
      print(magenta(`⏸ waiting for input (last checkpoint: step ${event.step}); nothing runs until it is answered`));
      for (const q of event.questions) {
        const example = answerExample(q.schema);
        const which = event.questions.length > 1 ? ` --node ${q.node}` : "";
        print(`  answer ${cyan(q.node)}: durable-graphs resume ${t}${which} --answer '${example === undefined ? "JSON" : JSON.stringify(example).replace(/'/g, "'\\''")}'`);
      }
      return;
    }
    case "cancelled":
      print(yellow(`■ cancelled at step ${event.step}; the last checkpoint is kept: resume to continue`));
      return;
    case "failed": {
      if (isStoreFailure(event.error.code)) {
        // The disk failed, not the graph: no node is blamed, and the last checkpoint is what counts.
        print(red(`✖ stopped: ${event.error.message} (last checkpoint: step ${event.step})`));
        print(dim(`  ${hintFor(event.error, thread)}`));
        return;
      }
      const where = locationOf(event.error);
      print(red(`✖ failed in step ${event.step + 1}${event.error.node ? `, node ${event.error.node}` : ""} (last checkpoint: step ${event.step}): ${event.error.message}`));
      if (where) print(`  at ${where}`);
      const hint = hintFor(event.error, thread);
      if (hint) print(dim(`  ${hint}`));
      return;
    }
  }
}
