// The URL that opens code-server's workbench on a folder, optionally with the development payload that
// desktop VS Code takes as --extensionDevelopmentPath / --extensionTestsPath.
import path from 'node:path';

/**
 * @param {{origin: string, authority: string}} server
 * @param {{folder: string, extensionDevelopmentPath?: string, extensionTestsPath?: string}} options absolute paths
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  // The workbench runs in the browser: paths on the server are vscode-remote:// URIs of its authority.
  const remote = (p) => `vscode-remote://${server.authority}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (payload.length) payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams({ folder: path.resolve(folder) });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${server.origin}/?${query}`;
}
