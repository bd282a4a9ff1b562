/**
 * A SealPhone server process of a test's own (not Playwright's shared webServer), for scenarios that stop and start
 * the server: the real CLI (`sealphone server`) on a port and database of its own, killed like a crash would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { REPO_ROOT } from './accounts.ts';

export interface OwnServer {
  readonly port: number;
  readonly db: string;
  /** `http://127.0.0.1:PORT/`: the app served by this server, whose Server field defaults to it. */
  readonly url: string;
  /** Kills the process (SIGKILL: no goodbye to the clients) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and database. */
  start(): Promise<void>;
  /** Stops it and removes its database. */
  dispose(): Promise<void>;
}

export async function startOwnServer(name: string): Promise<OwnServer> {
  const port = await freePort();
  const db = `data/e2e/${name}/sealphone.db`;
  rmSync(resolve(REPO_ROOT, dirname(db)), { recursive: true, force: true });
  mkdirSync(resolve(REPO_ROOT, dirname(db)), { recursive: true });
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const args = ['bin/sealphone.mjs', 'server', '--host', '127.0.0.1', '--port', String(port), '--sip-port', 'off', '--db', db, '--log-level', 'warn'];
    const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child = proc;
    await waitForHttp(`http://127.0.0.1:${port}/`, proc, () => stderr);
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGKILL');
    await exited;
  };

  const server: OwnServer = {
    port,
    db,
    url: `http://127.0.0.1:${port}/`,
    kill,
    start,
    dispose: async () => {
      await kill();
      rmSync(resolve(REPO_ROOT, dirname(db)), { recursive: true, force: true });
    },
  };
  await start();
  return server;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, proc: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}): ${stderr()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer at ${url} within 30 s: ${stderr()}`);
}
