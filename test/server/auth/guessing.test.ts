/**
 * Issue 15 defect 4 over real sockets: password guessing from a new connection (and a new source port) for every
 * guess, as an attacker does to get around a per-connection limit. Each guesser uses its own loopback address
 * (127.0.0.x), so that the per-address limit of one test does not decide another's.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SipStreamFramer, parseSipMessage, type SipMessage, type SipResponse } from '../../../src/core/sip/index.ts';
import { digestAuthorization } from '../../helpers/sip-digest.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
  removeDir(ts.dir);
});

const id = (): string => randomBytes(6).toString('hex');

/** One request and its final response over a fresh TCP connection (or UDP socket) from `localAddress`. */
async function exchange(transport: 'tcp' | 'udp', localAddress: string, text: string): Promise<SipResponse> {
  const bytes = Buffer.from(text.replace(/\r?\n/g, '\r\n'));
  const isFinal = (m: SipMessage): m is SipResponse => m.kind === 'response' && m.status >= 200;
  if (transport === 'udp') {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, localAddress, () => resolve()));
    try {
      return await new Promise<SipResponse>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no response over UDP')), 5000);
        socket.on('message', (data) => {
          const m = parseSipMessage(new Uint8Array(data));
          if (isFinal(m)) {
            clearTimeout(timer);
            resolve(m);
          }
        });
        socket.send(bytes, ts.sipPort, '127.0.0.1');
      });
    } finally {
      socket.close();
    }
  }
  const socket = connect({ host: '127.0.0.1', port: ts.sipPort, localAddress });
  try {
    return await new Promise<SipResponse>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no response over TCP')), 5000);
      const framer = new SipStreamFramer();
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        for (const item of framer.push(new Uint8Array(chunk))) {
          if ('kind' in item && (item.kind === 'request' || item.kind === 'response') && isFinal(item as SipMessage)) {
            clearTimeout(timer);
            resolve(item as SipResponse);
          }
        }
      });
      socket.once('connect', () => socket.write(bytes));
    });
  } finally {
    socket.destroy();
  }
}

function register(user: string, cseq: number, callId: string, extra: Record<string, string> = {}): string {
  const headers: Record<string, string> = {
    Via: `SIP/2.0/TCP ${id()}.invalid;branch=z9hG4bK${id()}`,
    'Max-Forwards': '70',
    From: `<sip:${user}@${TEST_DOMAIN}>;tag=${id()}`,
    To: `<sip:${user}@${TEST_DOMAIN}>`,
    'Call-ID': callId,
    CSeq: `${cseq} REGISTER`,
    Contact: `<sip:${user}-${id()}@${id()}.invalid;transport=tcp>`,
    Expires: '600',
    ...extra,
    'Content-Length': '0',
  };
  return [`REGISTER sip:${TEST_DOMAIN} SIP/2.0`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
}

/** A guess as an attacker makes it: a new connection for the challenge, another for the answer. */
async function guess(transport: 'tcp' | 'udp', localAddress: string, user: string, password: string): Promise<SipResponse> {
  const callId = id();
  const challenge = await exchange(transport, localAddress, register(user, 1, callId));
  expect(challenge.status).toBe(401);
  const auth = digestAuthorization(challenge, { username: user, password, method: 'REGISTER', uri: `sip:${TEST_DOMAIN}` });
  return exchange(transport, localAddress, register(user, 2, callId, { [auth.header]: auth.value }));
}

describe('password guessing across reconnects', () => {
  it('locks a user after 5 failed guesses from new connections: 403 with Retry-After, and the right password is not even checked', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess('tcp', '127.0.0.2', 'bob', `guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await guess('tcp', '127.0.0.3', 'bob', TEST_USERS.bob!);
    expect(locked.status).toBe(403);
    expect(locked.reason).toBe('Too Many Failed Attempts');
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(locked.headers.has('WWW-Authenticate')).toBe(false);
    // Others are not affected.
    expect((await guess('tcp', '127.0.0.3', 'carol', TEST_USERS.carol!)).status).toBe(200);
  });

  it('locks a source address after 20 failed guesses at any usernames, over UDP from a new port each time', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) statuses.add((await guess('udp', '127.0.0.4', `user${i}`, 'guess')).status);
    expect([...statuses]).toEqual([401]);
    const locked = await guess('udp', '127.0.0.4', 'alice', TEST_USERS.alice!);
    expect(locked.status).toBe(403);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect((await guess('tcp', '127.0.0.5', 'alice', TEST_USERS.alice!)).status).toBe(200);
  });

  it('does not lock the victim out of an address she registered from before the attack', async () => {
    expect((await guess('tcp', '127.0.0.6', 'alice', TEST_USERS.alice!)).status).toBe(200);
    for (let i = 0; i < 6; i++) await guess('tcp', '127.0.0.7', 'alice', `guess-${i}`);
    expect((await guess('tcp', '127.0.0.7', 'alice', TEST_USERS.alice!)).status).toBe(403);
    expect((await guess('tcp', '127.0.0.6', 'alice', TEST_USERS.alice!)).status).toBe(200);
  });
});
