// One code-server process on a free loopback port, in its own process group so that stop() also ends
// the helpers it starts (extension host, file watcher, pty host), some of which outlive a plain SIGTERM.
import { execFile, spawn } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { codeServerBin } from './paths.mjs';

const OUTPUT_LINES_KEPT = 400;

const probePort = (want) =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(want, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * A free loopback port: any the system gives, or with DG_PORT_RANGE=low-high (a machine shared with
 * other work that has its ports assigned) one in that range.
 */
async function freePort() {
  const range = /^(\d+)-(\d+)$/.exec(process.env.DG_PORT_RANGE ?? '');
  if (!range) return probePort(0);
  const [low, high] = [Number(range[1]), Number(range[2])];
  const start = low + Math.floor(Math.random() * (high - low + 1));
  for (let i = 0; i <= high - low; i++) {
    const port = low + ((start - low + i) % (high - low + 1));
    const free = await probePort(port).then(() => true, () => false);
    if (free) return port;
  }
  throw new Error(`no free port in DG_PORT_RANGE ${process.env.DG_PORT_RANGE}`);
}

/** Arguments shared by the server and its --install-extension runs. */
const profileArgs = (profile) => ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];

/** Installs a .vsix (or a marketplace id, which fails offline) into the profile's extensions dir. */
export async function installExtension(profile, vsix) {
  try {
    await promisify(execFile)(codeServerBin(), [...profileArgs(profile), '--install-extension', vsix], {
      env: profile.env,
      timeout: 120_000,
    });
  } catch (error) {
    throw new Error(`code-server --install-extension ${vsix} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, { cause: error });
  }
}

/**
 * @param {ReturnType<import('./profile.mjs').createProfile>} profile
 * @param {{workspaceTrust?: boolean, startTimeoutMs?: number, onOutput?: (line: string) => void}} [options]
 *   workspaceTrust: keep VS Code's workspace trust on (folders open in Restricted Mode unless trusted);
 *   off by default, so every folder is trusted and no trust prompt appears.
 */
export async function startCodeServer(profile, { workspaceTrust = false, startTimeoutMs = 60_000, onOutput } = {}) {
  const bin = codeServerBin();
  // The port is free when probed but could be taken before code-server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const server = await launch(bin, profile, await freePort(), { workspaceTrust, startTimeoutMs, onOutput });
    if (server.ok) return server.handle;
    if (!server.portTaken || attempt === 3) throw server.error;
  }
}

async function launch(bin, profile, port, { workspaceTrust, startTimeoutMs, onOutput }) {
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...profileArgs(profile),
  ];
  const child = spawn(bin, args, { env: profile.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines = [];
  let partial = '';
  // code-server says when it accepts connections: awaited, instead of polling /healthz on a timer.
  let announceListening;
  const listening = new Promise((resolve) => { announceListening = resolve; });
  const collect = (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    for (const line of parts) {
      lines.push(line);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
      if (line.includes(`HTTP server listening on http://127.0.0.1:${port}`)) announceListening();
      onOutput?.(line);
    }
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let exitInfo = null;
  exited.then((info) => { exitInfo = info; });

  // Safety net: if this Node process dies without calling stop(), take the server's group with it.
  const killGroupOnExit = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} };
  process.once('exit', killGroupOnExit);

  const origin = `http://127.0.0.1:${port}`;
  const output = () => [...lines, partial].join('\n');
  const stop = async () => {
    process.removeListener('exit', killGroupOnExit);
    if (!exitInfo) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch {}
      let timer;
      await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, 5000); })]);
      clearTimeout(timer);
    }
    try { process.kill(-child.pid, 'SIGKILL'); } catch {} // helpers left in the group
  };

  let timer;
  const timedOut = new Promise((resolve) => { timer = setTimeout(resolve, startTimeoutMs, 'timeout'); });
  const outcome = await Promise.race([listening.then(() => 'listening'), exited.then(() => 'exited'), timedOut]);
  clearTimeout(timer);
  if (outcome === 'exited') {
    await stop();
    const text = output();
    return {
      ok: false,
      portTaken: /EADDRINUSE/.test(text),
      error: new Error(`code-server exited before it served (code ${exitInfo?.code}, signal ${exitInfo?.signal}):\n${text}`),
    };
  }
  // Listening, and serving: the health check answers (one request, no retry needed once it listens).
  const healthy = outcome === 'listening' && (await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(startTimeoutMs) }).then((r) => r.ok, () => false));
  if (!healthy) {
    await stop();
    return { ok: false, portTaken: false, error: new Error(`code-server did not serve /healthz within ${startTimeoutMs} ms:\n${output()}`) };
  }
  return {
    ok: true,
    handle: {
      port,
      origin,
      /** The authority that vscode-remote:// URIs of files on this server use. */
      authority: `127.0.0.1:${port}`,
      pid: child.pid,
      /** Resolves with {code, signal} when code-server exits. */
      exited,
      /** The last lines code-server printed. */
      output,
      stop,
    },
  };
}
