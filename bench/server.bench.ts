/**
 * The SealPhone server under load (issue 3, item 10). The server runs in a child process (bench/server/child.ts: a
 * real server from startTestServer, started with `node --expose-gc --import tsx`); the SIP clients run here, over
 * WebSocket. Each scenario gets a fresh server and database.
 *
 * 1. MESSAGE relay between registered users u0..u19 (u_i -> u_i+1), a bounded window of outstanding MESSAGEs per
 *    sender, receivers answering 200 at once: MESSAGE/s over 5 s after a 1 s warm-up, and send -> 200 latency.
 * 2. Certificate fan-out: W watchers of sip:alice@sealphone.test (100 subscriptions per WebSocket connection); once
 *    every initial NOTIFY is answered, alice PUBLISHes a new credential: time from sending the PUBLISH to the last
 *    watcher's NOTIFY, against `openssl speed rsa2048` (each NOTIFY carries its own RSA-2048 Identity signature).
 * 3. The server's live heap (after gc) before and after the subscriptions: KiB per 1,000 subscriptions.
 */
import { availableParallelism, loadavg } from 'node:os';
import { credentialBody, publishCredential } from './server/credential.ts';
import { messageLoad, registerUsers, sleep, type MessageLoadResult } from './server/message-load.ts';
import { opensslRsa2048Signs } from './server/openssl-speed.ts';
import { coresBetween, ServerProcess } from './server/server-process.ts';
import { WatcherPool } from './server/watchers.ts';
import { median, printTable } from './table.ts';
import type { SipUser } from '../test/helpers/sip-session.ts';

const MESSAGE_USERS = 20;
const MESSAGE_WINDOWS = [1, 16];
const MESSAGE_BODY_BYTES = 256;
const WATCHER_COUNTS = [1_000, 10_000];
const SUBSCRIPTIONS_PER_CONNECTION = 100;
/** Subscriptions waiting for their initial NOTIFY at any time while subscribing. */
const SUBSCRIBE_WINDOW = 1_000;
/** Measured PUBLISHes per watcher count (the burst limit notifies 5 changes per AOR per minute at once). */
const PUBLISH_RUNS = 3;

interface FanOutResult {
  watchers: number;
  connections: number;
  subscribeMs: number;
  /** Per PUBLISH: ms to the last NOTIFY, to the first, to the PUBLISH's 200; server and bench CPU in cores. */
  runs: { lastMs: number; firstMs: number; okMs: number; serverCores: number; benchCores: number; mainThreadMs: number }[];
  heapBefore: number;
  heapAfter: number;
}

export async function benchServer(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const openssl = await opensslRsa2048Signs(3);
  const messages = await messageRelay();
  const fanOuts: FanOutResult[] = [];
  for (const watchers of WATCHER_COUNTS) fanOuts.push(await fanOut(watchers));
  const load = `load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`;

  printTable(
    `MESSAGE relay: ${MESSAGE_USERS} registered WebSocket users (u_i -> u_i+1), ${MESSAGE_BODY_BYTES}-byte bodies, each signed (Identity), 5 s after 1 s warm-up; ` +
      `server in a child process, clients in the bench process; ${load} (target >= 5,000 MESSAGE/s)`,
    ['outstanding/sender', 'in flight', 'MESSAGE/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'server CPU (cores)', 'bench CPU (cores)', 'server CPU ms/MESSAGE', 'of it main thread'],
    messages.map((m) => [String(m.window), String(m.window * m.senders), m.perSecond, m.p50Ms, m.p99Ms, m.maxMs, String(m.errors), m.serverCores, m.benchCores, m.serverCpuMsPerMessage, m.mainThreadMsPerMessage]),
  );

  const twoCores = 2 * openssl.signsPerSecond;
  printTable(
    `Certificate fan-out: PUBLISH -> last watcher's NOTIFY, ${SUBSCRIPTIONS_PER_CONNECTION} subscriptions per WebSocket, median of ${PUBLISH_RUNS} PUBLISHes; ` +
      `server in a child process; ${openssl.version}: ${openssl.signsPerSecond.toFixed(0)} RSA-2048 signs/s on one core (openssl speed -seconds 3 rsa2048, per CPU second); ${load}`,
    ['watchers', 'connections', 'to last NOTIFY ms', 'range ms', 'to first ms', 'to 200 ms', 'NOTIFY/s', 'NOTIFY/s vs 2 x openssl', 'target'],
    fanOuts.map((f) => {
      const lastMs = median(f.runs.map((r) => r.lastMs));
      const rate = (f.watchers * 1000) / lastMs;
      const range = `${Math.min(...f.runs.map((r) => r.lastMs)).toFixed(0)}-${Math.max(...f.runs.map((r) => r.lastMs)).toFixed(0)}`;
      const target = f.watchers <= 1_000 ? '< 500 ms' : `>= 75% (<= ${((f.watchers * 1000) / (0.75 * twoCores)).toFixed(0)} ms)`;
      return [
        String(f.watchers),
        String(f.connections),
        lastMs,
        range,
        median(f.runs.map((r) => r.firstMs)),
        median(f.runs.map((r) => r.okMs)),
        rate,
        `${((100 * rate) / twoCores).toFixed(0)}%`,
        target,
      ];
    }),
  );

  printTable(
    'Certificate fan-out, where the CPU goes (medians; server = all its threads, main thread from /proc; the rest is mostly the WebCrypto signing threads)',
    ['watchers', 'server CPU (cores)', 'bench CPU (cores)', 'server CPU ms/NOTIFY', 'of it main thread', 'other threads', 'openssl ms/sign'],
    fanOuts.map((f) => {
      const cpu = median(f.runs.map((r) => (r.serverCores * r.lastMs) / f.watchers));
      const main = median(f.runs.map((r) => r.mainThreadMs / f.watchers));
      return [String(f.watchers), median(f.runs.map((r) => r.serverCores)), median(f.runs.map((r) => r.benchCores)), cpu, main, cpu - main, 1000 / openssl.signsPerSecond];
    }),
  );

  printTable(
    'Server heap per 1,000 certificate subscriptions (heapUsed after gc() in the server child, run with --expose-gc; connections already open before the "before" reading)',
    ['subscriptions', 'connections', 'subscribe ms', 'heap before MiB', 'heap after MiB', 'KiB per 1,000', 'bytes per subscription'],
    fanOuts.map((f) => {
      const grown = f.heapAfter - f.heapBefore;
      return [String(f.watchers), String(f.connections), f.subscribeMs, f.heapBefore / 2 ** 20, f.heapAfter / 2 ** 20, grown / 1024 / (f.watchers / 1000), grown / f.watchers];
    }),
  );
}

async function messageRelay(): Promise<MessageLoadResult[]> {
  const users = Object.fromEntries(Array.from({ length: MESSAGE_USERS }, (_, i) => [`u${i}`, `u${i}-bench-pw`]));
  const server = await ServerProcess.start(users);
  let sipUsers: SipUser[] = [];
  try {
    sipUsers = await registerUsers(server.httpPort, users);
    const results: MessageLoadResult[] = [];
    for (const window of MESSAGE_WINDOWS) {
      results.push(await messageLoad(sipUsers, server, { window, warmupMs: 1000, measureMs: 5000, bodyBytes: MESSAGE_BODY_BYTES }));
    }
    return results;
  } finally {
    for (const user of sipUsers) user.close();
    await server.stop();
  }
}

async function fanOut(watchers: number): Promise<FanOutResult> {
  const server = await ServerProcess.start({ alice: 'alice-bench-pw' });
  let alice: SipUser | undefined;
  let pool: WatcherPool | undefined;
  try {
    [alice] = await registerUsers(server.httpPort, { alice: 'alice-bench-pw' });
    const first = await publishCredential(alice!, await credentialBody(alice!.aor));
    if (first.status !== 200) throw new Error(`PUBLISH: ${first.status} ${first.reason}`);
    let etag = first.headers.get('SIP-ETag')!;

    pool = await WatcherPool.open(server.httpPort, Math.ceil(watchers / SUBSCRIPTIONS_PER_CONNECTION));
    await sleep(100);
    const heapBefore = (await server.heap()).heapUsed;
    const subscribeMs = await pool.subscribe(alice!.aor, SUBSCRIPTIONS_PER_CONNECTION, SUBSCRIBE_WINDOW);
    await server.idle();
    await sleep(100); // transactions end on timers of 0 ms (reliable transport)
    const after = await server.heap();
    if (after.subscriptions !== watchers) throw new Error(`the server has ${after.subscriptions} subscriptions, not ${watchers}`);

    const runs: FanOutResult['runs'] = [];
    for (let i = 0; i < PUBLISH_RUNS; i++) {
      const credential = await credentialBody(alice!.aor);
      await server.idle();
      const usageBefore = await server.usage();
      const benchBefore = process.cpuUsage();
      const { t0, published, firstAt, last } = await server.profiled(`fan-out-${watchers}-run-${i + 1}`, async () => {
        const notified = pool!.changes(watchers);
        const t0 = performance.now();
        const published = publishCredential(alice!, credential, etag).then((r) => ({ r, at: performance.now() }));
        const { first: firstAt, last } = await notified;
        return { t0, published, firstAt, last };
      });
      const benchAfter = process.cpuUsage(benchBefore);
      const ok = await published;
      const usageAfter = await server.usage();
      if (ok.r.status !== 200) throw new Error(`PUBLISH: ${ok.r.status} ${ok.r.reason}`);
      etag = ok.r.headers.get('SIP-ETag')!;
      runs.push({
        lastMs: last - t0,
        firstMs: firstAt - t0,
        okMs: ok.at - t0,
        serverCores: coresBetween(usageBefore, usageAfter, last - t0),
        benchCores: (benchAfter.user + benchAfter.system) / 1000 / (last - t0),
        mainThreadMs: (usageAfter.mainThreadUs - usageBefore.mainThreadUs) / 1000,
      });
      await server.idle();
    }
    return { watchers, connections: pool.connections, subscribeMs, runs, heapBefore, heapAfter: after.heapUsed };
  } finally {
    pool?.close();
    alice?.close();
    await server.stop();
  }
}
