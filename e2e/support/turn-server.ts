/**
 * A TURN server on loopback for the Settings e2e and the `app` bench: Debian's coturn (`apt-get install coturn`),
 * started with no configuration file (`-n`), a static long-term credential (RFC 8489 section 9.2), UDP only, and
 * loopback peers allowed (both browsers' relayed addresses are 127.0.0.1). `startTurnServer()` gives null when coturn
 * is not installed, so that callers can skip (locally) or fail (under CI) with a clear message.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export const TURN_USER = 'sealphone';
export const TURN_PASSWORD = 'turn-test-secret';
const REALM = 'sealphone.test';
const RELAY_PORTS = { min: 40000, max: 44999 };

export interface TurnServer {
  /** `turn:127.0.0.1:<port>?transport=udp` */
  url: string;
  username: string;
  credential: string;
  /** The ports coturn relays from: a relayed candidate in this range on 127.0.0.1 is one of its allocations. */
  relayPorts: { min: number; max: number };
  /** coturn's log so far (for failure messages; coturn writes it lazily). */
  log(): string;
  stop(): Promise<void>;
}

export const COTURN_MISSING = 'coturn is not installed (apt-get install coturn): the TURN case needs a TURN server on loopback';

export function coturnInstalled(): boolean {
  return spawnSync('turnserver', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A free UDP port on loopback (bound, then released). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Whether a STUN Binding request (RFC 8489 section 5) to the port gets any answer within `ms`. */
function answersStun(port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.once('message', () => done(true));
    socket.once('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}

export async function startTurnServer(): Promise<TurnServer | null> {
  if (!coturnInstalled()) return null;
  const port = await freeUdpPort();
  const logFile = join(tmpdir(), `sealphone-turn-${port}.log`);
  const pidFile = join(tmpdir(), `sealphone-turn-${port}.pid`);
  rmSync(logFile, { force: true });
  const child: ChildProcess = spawn(
    'turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${RELAY_PORTS.min}`,
      `--max-port=${RELAY_PORTS.max}`,
      '--lt-cred-mech',
      `--user=${TURN_USER}:${TURN_PASSWORD}`,
      `--realm=${REALM}`,
      '--no-tcp',
      '--no-tls',
      '--no-dtls',
      '--no-tcp-relay',
      '--allow-loopback-peers',
      '--no-cli',
      '--no-multicast-peers',
      '--fingerprint',
      // A file, not stdout: coturn buffers its stdout when it is a pipe.
      `--log-file=${logFile}`,
      '--simple-log',
      `--pidfile=${pidFile}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(logFile, { force: true });
    rmSync(pidFile, { force: true });
  };
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`turnserver exited (${child.exitCode}): ${log.slice(-2000)} ${readLog(logFile).slice(-2000)}`);
    if (await answersStun(port, 100)) {
      return {
        url: `turn:127.0.0.1:${port}?transport=udp`,
        username: TURN_USER,
        credential: TURN_PASSWORD,
        log: () => readLog(logFile),
        relayPorts: RELAY_PORTS,
        stop,
      };
    }
  }
  await stop();
  throw new Error(`turnserver did not answer on 127.0.0.1:${port}: ${log.slice(-2000)}`);
}
