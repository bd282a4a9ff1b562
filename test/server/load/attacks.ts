/**
 * The four attacks of the load test (issue 15 deliverable 8), each from a loopback address of its own so that the
 * server's per-address bounds (with `--cap-loopback`) meet each attacker as they would a remote one. Each runs
 * workers in a loop until its signal aborts, counts what it saw, and destroys every socket it opened when it ends.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { SipStreamFramer, type SipResponse } from '../../../src/core/sip/index.ts';
import { digestAuthorization } from '../../helpers/sip-digest.ts';
import { optionsToServer } from '../transport/limits-server.ts';
import { openRawWebSocket, openTcp, type RawWebSocket } from '../transport/raw-websocket.ts';

export interface AttackTarget {
  httpPort: number;
  sipPort: number;
  domain: string;
}

export type Counters = Record<string, number>;

export interface RunningAttack {
  name: string;
  /** The counters, once every worker has stopped and every socket is closed. */
  finished: Promise<Counters>;
}

const id = (): string => randomBytes(6).toString('hex');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const count = (counters: Counters, key: string, by = 1): void => void (counters[key] = (counters[key] ?? 0) + by);

/** The sockets of one attack, destroyed together when it stops. */
class SocketSet {
  readonly #open = new Set<Socket | WebSocket>();
  add<T extends Socket | WebSocket>(socket: T): T {
    this.#open.add(socket);
    socket.once('close', () => this.#open.delete(socket));
    return socket;
  }
  destroyAll(): void {
    for (const socket of this.#open) {
      if (socket instanceof WebSocket) socket.terminate();
      else socket.destroy();
    }
    this.#open.clear();
  }
}

/** `workers` loops of `round` until `signal` aborts; a round that throws is counted under its message. */
function runAttack(name: string, workers: number, signal: AbortSignal, round: (counters: Counters, sockets: SocketSet) => Promise<void>): RunningAttack {
  const counters: Counters = {};
  const sockets = new SocketSet();
  const loop = async () => {
    while (!signal.aborted) {
      try {
        await round(counters, sockets);
      } catch (error) {
        count(counters, `error: ${String(error instanceof Error ? error.message : error).slice(0, 40)}`);
        await sleep(100);
      }
    }
  };
  const finished = Promise.all(Array.from({ length: workers }, loop)).then(() => {
    sockets.destroyAll();
    return counters;
  });
  signal.addEventListener('abort', () => sockets.destroyAll(), { once: true });
  return { name, finished };
}

/** Resolves when `socket` is closed (by the server) or the attack stops, polling every 50 ms. */
async function heldUntilClosed(socket: Pick<RawWebSocket, 'closed'>, signal: AbortSignal): Promise<void> {
  while (!socket.closed && !signal.aborted) await sleep(50);
}

// ---- 1. slow WebSocket frames ---------------------------------------------------------------------------------

const FRAME_WITHIN_BOUND = 100 * 1024;
const FRAME_BEYOND_BOUND = 4 * 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 0x41);

/**
 * More connections than the per-address cap, each starting a frame and never finishing it: every other one declares
 * 100 KB (under the 128 KB bound), sends 64 KB and then trickles a byte every 500 ms; the others declare 4 MB and
 * send all but the last kilobyte of it, 256 KB every 20 ms. A connection the server closes is opened again.
 */
export function slowFrames(target: AttackTarget, from: string, connections: number, signal: AbortSignal): RunningAttack {
  let next = 0;
  return runAttack(`slow WebSocket frames from ${from}`, connections, signal, async (counters, sockets) => {
    const ws = await openRawWebSocket(target.httpPort, { localAddress: from }).catch((error: Error) => {
      count(counters, /503/.test(error.message) ? 'refused 503 (address cap)' : 'handshake failed');
      return undefined;
    });
    if (ws === undefined) return sleep(500);
    sockets.add(ws.socket);
    count(counters, 'connections');
    const started = Date.now();
    if (next++ % 2 === 0) await trickleWithinBound(ws, signal);
    else await sendMostOf(ws, FRAME_BEYOND_BOUND, signal);
    await heldUntilClosed(ws, signal);
    if (!signal.aborted) count(counters, 'closed by the server');
    count(counters, 'seconds held', Math.round((Date.now() - started) / 1000));
    await sleep(100);
  });
}

async function trickleWithinBound(ws: RawWebSocket, signal: AbortSignal): Promise<void> {
  ws.frame(FRAME_WITHIN_BOUND);
  ws.socket.write(CHUNK.subarray(0, 64 * 1024));
  while (!ws.closed && !signal.aborted) {
    ws.socket.write(CHUNK.subarray(0, 1));
    await sleep(500);
  }
}

async function sendMostOf(ws: RawWebSocket, declared: number, signal: AbortSignal): Promise<void> {
  ws.frame(declared);
  for (let sent = 0; sent < declared - 1024 && !ws.closed && !signal.aborted; sent += CHUNK.length) {
    ws.socket.write(CHUNK.subarray(0, Math.min(CHUNK.length, declared - 1024 - sent)));
    await sleep(20);
  }
}

// ---- 2. subscription flood ------------------------------------------------------------------------------------

const FLOOD_WINDOW = 64;

/**
 * Anonymous `certificate` SUBSCRIBEs (RFC 6072) as fast as the server answers them, FLOOD_WINDOW outstanding per
 * connection, to ever new AORs: `standing` connections ask for subscriptions (Expires 3600), `fetching` ones for
 * fetches (Expires 0, RFC 6665 section 4.4.3). NOTIFYs are read and never answered. A closed connection is
 * opened again.
 */
export function subscriptionFlood(target: AttackTarget, from: string, standing: number, fetching: number, signal: AbortSignal): RunningAttack {
  let connection = 0;
  return runAttack(`subscription flood from ${from}`, standing + fetching, signal, async (counters, sockets) => {
    const expires = connection++ % (standing + fetching) < standing ? 3600 : 0;
    const ws = sockets.add(new WebSocket(`ws://127.0.0.1:${target.httpPort}/sip`, 'sip', { localAddress: from }));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    count(counters, 'connections');
    let outstanding = 0;
    const subscribe = () => {
      while (outstanding < FLOOD_WINDOW && ws.readyState === WebSocket.OPEN && !signal.aborted) {
        outstanding++;
        ws.send(anonymousSubscribe(target.domain, expires));
        count(counters, `SUBSCRIBE Expires ${expires}`);
      }
    };
    ws.on('message', (data: Buffer) => {
      const startLine = data.subarray(0, 32).toString('latin1');
      if (startLine.startsWith('NOTIFY ')) return count(counters, 'NOTIFY (not answered)');
      const status = /^SIP\/2\.0 (\d{3})/.exec(startLine)?.[1];
      if (status === undefined || status === '100') return;
      count(counters, `answered ${status}`);
      outstanding--;
      subscribe();
    });
    ws.on('error', () => {});
    subscribe();
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  });
}

function anonymousSubscribe(domain: string, expires: number): string {
  const aor = `sip:flood-${id()}@${domain}`;
  return [
    `SUBSCRIBE ${aor} SIP/2.0`,
    `Via: SIP/2.0/WS ${id()}.invalid;branch=z9hG4bK${id()}`,
    'Max-Forwards: 70',
    `From: <sip:anonymous@anonymous.invalid>;tag=${id()}`,
    `To: <${aor}>`,
    `Call-ID: ${id()}`,
    'CSeq: 1 SUBSCRIBE',
    `Contact: <sip:flood@${id()}.invalid;transport=ws>`,
    'Event: certificate',
    'Accept: application/pkix-cert',
    `Expires: ${expires}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

// ---- 3. a client that never reads -----------------------------------------------------------------------------

/**
 * Connections that never read their socket and keep sending OPTIONS to the server with 80 Via lines of 500 bytes,
 * which its 200 echoes (about 40 KB each way), so that what the server sends piles up in its send queue. Our own
 * outgoing queue is kept under 1 MB so that the server, not this process, is the one that holds the answers.
 */
export function neverReading(target: AttackTarget, from: string, connections: number, signal: AbortSignal): RunningAttack {
  const request = optionsToServer('WS', 80);
  return runAttack(`never-reading client from ${from}`, connections, signal, async (counters, sockets) => {
    const ws = await openRawWebSocket(target.httpPort, { localAddress: from });
    sockets.add(ws.socket);
    ws.socket.pause();
    count(counters, 'connections');
    let sent = 0;
    while (!ws.closed && !signal.aborted) {
      if (ws.socket.writableLength < 1024 * 1024) {
        ws.text(request);
        sent++;
      } else await sleep(5);
      if (sent % 50 === 0) await sleep(1);
    }
    count(counters, 'OPTIONS sent', sent);
    if (!signal.aborted) count(counters, 'dropped by the server');
    await sleep(100);
  });
}

// ---- 4. password guessing -------------------------------------------------------------------------------------

/**
 * REGISTERs with wrong passwords for alice, bob and made-up users, each guess over two new TCP connections (one
 * for the challenge, one for the answer), as a guesser does to escape a per-connection limit.
 */
export function passwordGuessing(target: AttackTarget, from: string, workers: number, signal: AbortSignal): RunningAttack {
  const victims = ['alice', 'bob', 'carol'];
  let guesses = 0;
  return runAttack(`password guessing from ${from}`, workers, signal, async (counters) => {
    const user = guesses % 4 === 3 ? `nobody${guesses}` : victims[guesses % 3]!;
    guesses++;
    const callId = id();
    const challenge = await exchange(target, from, register(target.domain, user, 1, callId));
    if (challenge.status !== 401) return void count(counters, `challenge answered ${challenge.status}`);
    const auth = digestAuthorization(challenge, { username: user, password: `guess-${id()}`, method: 'REGISTER', uri: `sip:${target.domain}` });
    const answer = await exchange(target, from, register(target.domain, user, 2, callId, { [auth.header]: auth.value }));
    count(counters, `guess answered ${answer.status}`);
  });
}

function register(domain: string, user: string, cseq: number, callId: string, extra: Record<string, string> = {}): string {
  const headers: Record<string, string> = {
    Via: `SIP/2.0/TCP ${id()}.invalid;branch=z9hG4bK${id()}`,
    'Max-Forwards': '70',
    From: `<sip:${user}@${domain}>;tag=${id()}`,
    To: `<sip:${user}@${domain}>`,
    'Call-ID': callId,
    CSeq: `${cseq} REGISTER`,
    Contact: `<sip:${user}-${id()}@${id()}.invalid;transport=tcp>`,
    Expires: '600',
    ...extra,
    'Content-Length': '0',
  };
  return [`REGISTER sip:${domain} SIP/2.0`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
}

/** One request over a new TCP connection from `from`, and its final response; the connection is then closed. */
async function exchange(target: AttackTarget, from: string, text: string): Promise<SipResponse> {
  const tcp = await openTcp(target.sipPort, { localAddress: from });
  try {
    return await new Promise<SipResponse>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no response over TCP within 5 s')), 5000);
      const framer = new SipStreamFramer();
      tcp.socket.on('data', (chunk: Buffer) => {
        for (const item of framer.push(new Uint8Array(chunk))) {
          if ('kind' in item && item.kind === 'response' && item.status >= 200) {
            clearTimeout(timer);
            resolve(item);
          }
        }
      });
      tcp.socket.once('close', () => {
        clearTimeout(timer);
        reject(new Error('closed before a response'));
      });
      tcp.socket.write(text);
    });
  } finally {
    tcp.socket.destroy();
  }
}
