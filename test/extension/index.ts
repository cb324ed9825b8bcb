/**
 * The extension tests' entry: the standard `run()` that VS Code's test runners call inside a real
 * extension host (code-server here, @vscode/test-electron on a desktop). DG_EXT_SUITE picks the suite:
 * `trusted` (default) or `restricted` (a workspace opened in Restricted Mode).
 */
import Mocha from "mocha";

export function run(): Promise<void> {
  // DG_EXT_GREP runs only the tests whose titles match (while working on some).
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false, reporter: "spec", ...(process.env.DG_EXT_GREP ? { grep: process.env.DG_EXT_GREP } : {}) });
  const suite = process.env.DG_EXT_SUITE === "restricted" ? "restricted" : "trusted";
  mocha.suite.emit("pre-require", globalThis, "", mocha);
  // The suites are bundled into this file; requiring them registers their tests.
  if (suite === "restricted") require("./suite/restricted.test");
  else {
    require("./suite/activation.test");
    require("./suite/runs.test");
    require("./suite/panel.test");
    require("./suite/fastRun.test");
    require("./suite/repairs.test");
    require("./suite/storeFailures.test");
    require("./suite/storeWatcher.test");
    require("./suite/editState.test");
    require("./suite/graphChanged.test");
    require("./suite/answers.test");
    require("./suite/graphTypes.test");
    require("./suite/treeLabels.test");
    require("./suite/langGraph.test");
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
