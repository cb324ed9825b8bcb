const assert = require('node:assert/strict');
const vscode = require('vscode');

describe('harness sample in Restricted Mode', () => {
  it('opens the folder untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });
});
