/**
 * The SealPhone server as operators run it (`bin/sealphone.mjs server`), in a child process of its own so that its
 * resident memory is its own: free ports, a fresh database with the test users, and warn-level logs, from which the
 * drops the transport limits made ("connection dropped", docs/server-limits.md) are counted by reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../../server/store/index.ts';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;

export interface ServerProcess {
  pid: number;
  httpPort: number;
  sipPort: number;
  /** Resident set size now, in bytes (VmRSS of /proc/PID/status). */
  residentBytes(): number;
  /** "connection dropped" log lines so far, by the reason's first words. */
  drops(): Record<string, number>;
  /** Whether the process is still running. */
  readonly running: boolean;
  /** SIGTERM, then SIGKILL if it has not exited within 3 s; removes its directory. */
  stop(): Promise<void>;
}

/** Starts `sealphone server` with `extraArguments` (limit options) and `users` (name to password) in its database. */
export async function startServerProcess(options: { domain: string; users: Record<string, string>; extraArguments: string[] }): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sealphone-load-'));
  const db = join(dir, 'sealphone.db');
  addUsers(db, options.domain, options.users);
  const child = spawn(
    process.execPath,
    ['bin/sealphone.mjs', 'server', '--host', '127.0.0.1', '--port', '0', '--sip-port', '0', '--domain', options.domain, '--db', db, '--web-root', join(dir, 'web'), '--log-level', 'warn', ...options.extraArguments],
    { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const drops: Record<string, number> = {};
  const stop = () => stopProcess(child, dir);
  try {
    const ports = await announcedPorts(child, drops);
    return {
      pid: child.pid!,
      ...ports,
      residentBytes: () => residentBytesOf(child.pid!),
      drops: () => ({ ...drops }),
      get running() {
        return child.exitCode === null && child.signalCode === null;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function addUsers(db: string, domain: string, users: Record<string, string>): void {
  const store = openStore(db);
  try {
    for (const [user, password] of Object.entries(users)) store.addUser(user, domain, password);
  } finally {
    store.close();
  }
}

/**
 * The ports from the line the CLI prints once it listens ("... open http://127.0.0.1:PORT/ ... SIP TCP/UDP port
 * PORT)"); from then on every stdout line is read (a pipe nobody reads would stall the server) and drops counted.
 */
function announcedPorts(child: ChildProcess, drops: Record<string, number>): Promise<{ httpPort: number; sipPort: number }> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let pending = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`)), STARTUP_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const ports = /open http:\/\/127\.0\.0\.1:(\d+)\/.*SIP TCP\/UDP port (\d+)/.exec(line);
        if (ports) {
          clearTimeout(timer);
          resolve({ httpPort: Number(ports[1]), sipPort: Number(ports[2]) });
        } else countDrop(line, drops);
      }
    });
  });
}

function countDrop(line: string, drops: Record<string, number>): void {
  if (!line.includes('connection dropped')) return;
  try {
    const reason = String((JSON.parse(line) as { reason?: unknown }).reason ?? 'unknown');
    const key = reason.split(' ').slice(0, 4).join(' ');
    drops[key] = (drops[key] ?? 0) + 1;
  } catch {
    drops['unparsed log line'] = (drops['unparsed log line'] ?? 0) + 1;
  }
}

function residentBytesOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!kilobytes) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kilobytes[1]) * 1024;
}

async function stopProcess(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  }
  rmSync(dir, { recursive: true, force: true });
}
