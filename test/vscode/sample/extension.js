// The harness's smoke-test extension. "Hello" runs a child process (proof of the real Node extension
// host), shows a notification and adds a row to the Greetings tree.
const { execFile } = require('node:child_process');
const vscode = require('vscode');

class GreetingsTree {
  constructor() {
    this.greetings = [];
    this.changed = new vscode.EventEmitter();
    this.onDidChangeTreeData = this.changed.event;
  }
  add(text) {
    this.greetings.push(text);
    this.changed.fire(undefined);
  }
  getChildren() {
    const folder = vscode.workspace.workspaceFolders?.[0]?.name ?? '(no folder)';
    return [`Workspace: ${folder}`, ...this.greetings];
  }
  getTreeItem(label) {
    return new vscode.TreeItem(label);
  }
}

const childSays = () =>
  new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', 'console.log("child-ok")'], { env: { ELECTRON_RUN_AS_NODE: '1' } }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    );
  });

function activate(context) {
  const tree = new GreetingsTree();
  let count = 0;
  context.subscriptions.push(
    tree.changed,
    vscode.window.registerTreeDataProvider('harnessSample.greetings', tree),
    vscode.commands.registerCommand('harnessSample.hello', async () => {
      const message = `Hello #${++count} from ${await childSays()}`;
      tree.add(message);
      void vscode.window.showInformationMessage(`Harness sample: ${message}`);
      return message;
    }),
  );
}

module.exports = { activate, deactivate() {} };
