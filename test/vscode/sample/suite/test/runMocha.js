// A standard mocha run() entry body, as @vscode/test-electron's samples have it: resolve when every
// test passed, reject otherwise (the workbench turns that into exit code 0 or 1).
const fs = require('node:fs');
const path = require('node:path');
const mocha = require('mocha');

const Mocha = mocha.default ?? mocha; // mocha >= 12 is an ES module: require() gives its namespace

exports.runMocha = async (dir) => {
  const runner = new Mocha({ ui: 'bdd', color: false, timeout: 20_000 });
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js'))) runner.addFile(path.join(dir, file));
  await runner.loadFilesAsync();
  const failures = await new Promise((resolve) => runner.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension test(s) failed`);
};
