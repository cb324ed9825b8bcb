const assert = require('node:assert/strict');
const vscode = require('vscode');

describe('harness sample in code-server', () => {
  it('runs in a Node extension host of a real VS Code, on the given folder', async () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.equal(typeof process.pid, 'number');
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    // the smoke test's workspace holds this file; an empty workspace would not
    const found = await vscode.workspace.findFiles('marker.txt');
    assert.equal(found.length, 1, `marker.txt in ${folders[0]?.uri.fsPath}`);
  });

  it('activates the extension under test and runs its command, which runs a child process', async () => {
    const extension = vscode.extensions.getExtension('durable-graphs-test.harness-sample');
    assert.ok(extension, 'the extension under development is loaded');
    const first = await vscode.commands.executeCommand('harnessSample.hello');
    const second = await vscode.commands.executeCommand('harnessSample.hello');
    assert.ok(extension.isActive);
    assert.equal(first, 'Hello #1 from child-ok');
    assert.equal(second, 'Hello #2 from child-ok');
  });
});
