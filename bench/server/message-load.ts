/**
 * MESSAGE relay load: registered WebSocket users, each sending to the next (u0 -> u1 -> ... -> u(N-1) -> u0) with at
 * most `window` MESSAGEs outstanding per sender; receivers answer 200 at once. The connection is bound to its user by
 * REGISTER, so the MESSAGEs carry no credentials and the proxy signs each one (RFC 4474 Identity).
 */
import { performance } from 'node:perf_hooks';
import type { SipRequest, SipResponse } from '../../src/core/sip/index.ts';
import { SipUser } from '../../test/helpers/sip-session.ts';
import { TEST_DOMAIN } from '../../test/helpers/test-server.ts';
import { coresBetween, type ServerProcess } from './server-process.ts';

export interface MessageLoadOptions {
  /** Outstanding MESSAGEs per sender. */
  window: number;
  warmupMs: number;
  measureMs: number;
  bodyBytes: number;
}

export interface MessageLoadResult {
  senders: number;
  window: number;
  /** 200s received within the measured interval. */
  completed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Non-200 final responses over the whole run (warm-up and drain included). */
  errors: number;
  serverCores: number;
  benchCores: number;
  /** Server CPU time (all its threads) per MESSAGE relayed, ms: what the load on the machine does not change much. */
  serverCpuMsPerMessage: number;
  /** The share of it on the server's main (event loop) thread; the rest is mostly the signing threads. */
  mainThreadMsPerMessage: number;
}

/** Connects and REGISTERs each user on its own WebSocket. */
export async function registerUsers(port: number, users: Record<string, string>): Promise<SipUser[]> {
  return Promise.all(
    Object.entries(users).map(async ([name, password]) => {
      const user = await SipUser.connect('ws', port, name, password, TEST_DOMAIN);
      const ok = await user.register();
      if (ok.status !== 200) throw new Error(`REGISTER ${name}: ${ok.status} ${ok.reason}`);
      return user;
    }),
  );
}

let run = 0;

export async function messageLoad(users: SipUser[], server: ServerProcess, options: MessageLoadOptions): Promise<MessageLoadResult> {
  const prefix = `r${++run}x${Date.now().toString(36)}`;
  const body = 'x'.repeat(options.bodyBytes);
  const sentAt = new Map<string, number>();
  const inFlight = new Array<number>(users.length).fill(0);
  const latencies: number[] = [];
  let serial = 0;
  let sending = true;
  let completed = 0;
  let errors = 0;
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = Number.POSITIVE_INFINITY;
  let drained: (() => void) | undefined;

  const heads = users.map((from, i) => {
    const to = users[(i + 1) % users.length]!;
    return {
      line: `MESSAGE ${to.aor} SIP/2.0\r\n`,
      via: `Via: SIP/2.0/WS ${from.user}.invalid;branch=z9hG4bK${prefix}`,
      rest: `Max-Forwards: 70\r\nFrom: <${from.aor}>;tag=${prefix}${i}\r\nTo: <${to.aor}>\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    };
  });

  const pump = (i: number): void => {
    const head = heads[i]!;
    const client = users[i]!.client;
    while (sending && inFlight[i]! < options.window) {
      const n = ++serial;
      const callId = `${prefix}-${n}@bench`;
      inFlight[i]!++;
      sentAt.set(callId, performance.now());
      client.sendText(`${head.line}${head.via}${n}\r\nCall-ID: ${callId}\r\nCSeq: 1 MESSAGE\r\n${head.rest}`);
    }
  };

  users.forEach((user, i) => {
    user.client.onRequest = (request: SipRequest) => user.client.respond(request, 200);
    user.client.onResponse = (response: SipResponse) => {
      if (response.status < 200) return;
      const callId = response.headers.get('Call-ID') ?? '';
      const start = sentAt.get(callId);
      if (start === undefined) return;
      sentAt.delete(callId);
      const now = performance.now();
      inFlight[i]!--;
      if (response.status !== 200) errors++;
      else if (now >= t0 && now <= t1) {
        completed++;
        if (start >= t0) latencies.push(now - start);
      }
      if (sending) pump(i);
      else if (sentAt.size === 0) drained?.();
    };
  });

  users.forEach((_, i) => pump(i));
  await sleep(options.warmupMs);
  const serverBefore = await server.usage();
  const benchBefore = process.cpuUsage();
  t0 = performance.now();
  t1 = t0 + options.measureMs;
  await server.profiled(`message-window-${options.window}`, () => sleep(options.measureMs));
  const elapsed = performance.now() - t0;
  const benchAfter = process.cpuUsage();
  const serverAfter = await server.usage();
  sending = false;
  if (sentAt.size > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  for (const user of users) {
    user.client.onRequest = null;
    user.client.onResponse = null;
  }
  latencies.sort((a, b) => a - b);
  return {
    senders: users.length,
    window: options.window,
    completed,
    perSecond: (completed * 1000) / options.measureMs,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    errors: errors + sentAt.size,
    serverCores: coresBetween(serverBefore, serverAfter, elapsed),
    serverCpuMsPerMessage: (coresBetween(serverBefore, serverAfter, elapsed) * elapsed) / Math.max(1, completed),
    mainThreadMsPerMessage: (serverAfter.mainThreadUs - serverBefore.mainThreadUs) / 1000 / Math.max(1, completed),
    benchCores: coresBetween({ userUs: benchBefore.user, systemUs: benchBefore.system }, { userUs: benchAfter.user, systemUs: benchAfter.system }, elapsed),
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
