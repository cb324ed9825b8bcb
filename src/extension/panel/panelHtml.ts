import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";

/** The built webview assets (esbuild's `media` target); the panel may load nothing else. */
export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, "dist", "media");
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, enableFindWidget: true, localResourceRoots: [mediaRoot(extensionUri)] };
}

/** The panel's script and styles as the page carries them: inline text, or (unreadable) their URIs. */
type Assets = { inline: true; script: string; style: string } | { inline: false };

/**
 * The panel's page: CSP `default-src 'none'`, one nonce'd script and one nonce'd style, both the built
 * assets inlined. A webview's own files reach it through the editor (its service worker asks the
 * workbench, which reads them through the extension host's file system): inlined, the script runs as
 * soon as the page is written, with no request to wait for. All content is built by the script from
 * validated messages, as text. The assets are read once, on the first panel.
 */
export class PanelPage {
  private assets?: Assets;

  constructor(private readonly extensionUri: vscode.Uri) {}

  html(webview: vscode.Webview, title: string): string {
    const nonce = randomBytes(16).toString("base64");
    const assets = (this.assets ??= this.read());
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource} 'nonce-${nonce}'`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join("; ");
    const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(this.extensionUri), file));
    const style = assets.inline ? `<style nonce="${nonce}">${assets.style}</style>` : `<link rel="stylesheet" href="${uri("panel.css")}">`;
    const script = assets.inline ? `<script nonce="${nonce}">${assets.script}</script>` : `<script nonce="${nonce}" src="${uri("panel.js")}"></script>`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${style}
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading the thread…</p></main>
${script}
</body>
</html>`;
  }

  /**
   * The built files as text, if they can be inlined as they are: a script or style holding `</script`,
   * `</style` or `<!--` would end or bend its element early, and is loaded from its file instead.
   */
  private read(): Assets {
    const dir = mediaRoot(this.extensionUri).fsPath;
    try {
      const script = readFileSync(`${dir}/panel.js`, "utf8");
      const style = readFileSync(`${dir}/panel.css`, "utf8");
      const unsafe = /<\/script|<\/style|<!--/i;
      return unsafe.test(script) || unsafe.test(style) ? { inline: false } : { inline: true, script, style };
    } catch {
      // Not built where expected (a development layout): the page asks for the files, as before.
      return { inline: false };
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
