const assert = require('node:assert/strict');
const vscode = require('vscode');

describe('harness sample, failing on purpose', () => {
  it('sees a workspace folder that is not there', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 2);
  });
});
