/**
 * The server side of the `server` bench, run in its own process (bench/server/server-process.ts forks it with
 * `node --expose-gc --import tsx`): a real SealPhone server from startTestServer (fresh SQLite database in a temporary
 * folder, the users given as JSON in argv[2]), answering the bench over IPC:
 *
 *   -> { id, cmd: 'usage' }   <- { id, result: ChildUsage }             CPU time, heap, counts
 *   -> { id, cmd: 'heap' }    <- { id, result: ChildUsage }             the same, after full garbage collections
 *   -> { id, cmd: 'idle' }    <- { id, result: ChildUsage }             once every NOTIFY started has been answered
 *   -> { id, cmd: 'stop' }    <- { id, result: null }, then exits       server closed, folder removed
 *   -> { id, cmd: 'profile-start' }               <- { id, result: null }   V8 CPU profile of the main thread from now
 *   -> { id, cmd: 'profile-stop', name: 'x' }     <- { id, result: null }   writes it to $BENCH_SERVER_CPU_PROF/x.cpuprofile
 *
 * If the bench process goes away (IPC disconnect), the child closes the server, removes the folder and exits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { removeDir, startTestServer } from '../../test/helpers/test-server.ts';

export interface ChildUsage {
  /** process.cpuUsage() of the server process, µs. */
  userUs: number;
  systemUs: number;
  /** CPU time of the main (event loop) thread alone, µs, from /proc (Linux; NaN elsewhere); 10 ms resolution. */
  mainThreadUs: number;
  /** The part of it spent in the kernel (socket reads and writes, mostly). */
  mainThreadSystemUs: number;
  heapUsed: number;
  subscriptions: number;
  serverTransactions: number;
  clientTransactions: number;
}

export type ChildCommand = 'usage' | 'heap' | 'idle' | 'stop' | 'profile-start' | 'profile-stop';
export type ChildReady = { type: 'ready'; httpPort: number; dir: string };
export type ChildReply = { id: number; result?: ChildUsage | null; error?: string };

const send = (message: ChildReady | ChildReply): void => void process.send?.(message);
const users = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
/**
 * BENCH_SERVER_LIMITS=loopback: the per-address bounds apply to loopback too (`capLoopback`), with room for the
 * bench's own load, so that the request rate limit and the connection cap run on every request as they do for
 * remote clients (issue 15 deliverable 9: their cost on the honest path).
 */
const limits = process.env.BENCH_SERVER_LIMITS === 'loopback' ? { capLoopback: true, maxConnectionsPerAddress: 100_000, maxRequestsPerSecond: 1_000_000, requestBurst: 1_000_000 } : undefined;
const ts = await startTestServer({ users, ...(limits ? { limits } : {}) });
const sip = ts.server.sip!;

const gc = (globalThis as { gc?: () => void }).gc;

const TICKS_PER_SECOND = 100;

/** utime and stime of the main thread (its task id is the process id), µs. */
function mainThreadTimes(): { userUs: number; systemUs: number } {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { userUs: (Number(fields[11]) * 1e6) / TICKS_PER_SECOND, systemUs: (Number(fields[12]) * 1e6) / TICKS_PER_SECOND };
  } catch {
    return { userUs: Number.NaN, systemUs: Number.NaN };
  }
}

function usage(): ChildUsage {
  const cpu = process.cpuUsage();
  const main = mainThreadTimes();
  return {
    userUs: cpu.user,
    systemUs: cpu.system,
    mainThreadUs: main.userUs + main.systemUs,
    mainThreadSystemUs: main.systemUs,
    heapUsed: process.memoryUsage().heapUsed,
    subscriptions: sip.credentials.subscriptionCount,
    serverTransactions: sip.stack.transactions.serverCount,
    clientTransactions: sip.stack.transactions.clientCount,
  };
}

async function collect(): Promise<void> {
  if (gc === undefined) throw new Error('the server child needs --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    try {
      await ts.stop();
    } finally {
      removeDir(ts.dir);
    }
  })();
  return stopping;
}

let profiler: Session | undefined;

/** Starts the V8 CPU profiler on this (the event loop) thread: the measured intervals alone, not the set-up. */
async function profileStart(): Promise<void> {
  profiler ??= new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
  await profiler.post('Profiler.start');
}

async function profileStop(name: string): Promise<void> {
  if (profiler === undefined) throw new Error('no profile running');
  const { profile } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  const dir = process.env.BENCH_SERVER_CPU_PROF;
  if (dir) writeFileSync(join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.cpuprofile`), JSON.stringify(profile));
}

process.on('message', (message: { id: number; cmd: ChildCommand; name?: string }) => {
  void (async () => {
    try {
      switch (message.cmd) {
        case 'usage':
          return send({ id: message.id, result: usage() });
        case 'heap':
          await collect();
          return send({ id: message.id, result: usage() });
        case 'idle':
          await sip.credentials.idle();
          return send({ id: message.id, result: usage() });
        case 'profile-start':
          await profileStart();
          return send({ id: message.id, result: null });
        case 'profile-stop':
          await profileStop(message.name ?? 'server');
          return send({ id: message.id, result: null });
        case 'stop':
          await stop();
          send({ id: message.id, result: null });
          process.disconnect?.();
          process.exit(0);
      }
    } catch (error) {
      send({ id: message.id, error: String(error) });
    }
  })();
});
process.on('disconnect', () => {
  void stop().finally(() => process.exit(0));
});

send({ type: 'ready', httpPort: ts.httpPort, dir: ts.dir });
