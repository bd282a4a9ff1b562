/**
 * The server over real sockets with a raw SIP client: REGISTER with digest (401, then 200), MESSAGE relayed
 * between two registered WebSocket clients with an Identity header, 404/480, Max-Forwards, malformed input.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipResponse } from '../../../src/core/sip/index.ts';
import { opensslVerifiesIdentity } from '../../helpers/openssl-identity.ts';
import { RawSipClient, type RawTransport } from '../../helpers/raw-sip-client.ts';
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

const id = () => randomBytes(6).toString('hex');

async function connect(transport: RawTransport = 'ws'): Promise<RawSipClient> {
  return RawSipClient.connect(transport, '127.0.0.1', transport === 'ws' ? ts.httpPort : ts.sipPort);
}

function request(method: string, uri: string, headers: Record<string, string>, body = ''): string {
  const lines = [`${method} ${uri} SIP/2.0`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(body)}`, '', body];
  return lines.join('\r\n');
}

/** REGISTERs `user` over `client` with digest; resolves with the 200. */
async function register(client: RawSipClient, user: string, password = TEST_USERS[user]!, transport = 'WS'): Promise<SipResponse> {
  const callId = id();
  const contact = `<sip:${user}-${id()}@${id()}.invalid;transport=${transport.toLowerCase()}>`;
  const base = (cseq: number, extra: Record<string, string> = {}) =>
    request('REGISTER', `sip:${TEST_DOMAIN}`, {
      Via: `SIP/2.0/${transport} ${id()}.invalid;branch=z9hG4bK${id()}`,
      'Max-Forwards': '70',
      From: `<sip:${user}@${TEST_DOMAIN}>;tag=${id()}`,
      To: `<sip:${user}@${TEST_DOMAIN}>`,
      'Call-ID': callId,
      CSeq: `${cseq} REGISTER`,
      Contact: contact,
      Expires: '600',
      ...extra,
    });
  client.sendText(base(1));
  const challenge = await client.response(401, 'REGISTER');
  const auth = digestAuthorization(challenge, { username: user, password, method: 'REGISTER', uri: `sip:${TEST_DOMAIN}` });
  client.sendText(base(2, { [auth.header]: auth.value }));
  return client.waitFor((m) => m.kind === 'response' && m.status >= 200 && (m.headers.get('CSeq') ?? '').startsWith('2 ')) as Promise<SipResponse>;
}

describe('registrar over WebSocket', () => {
  it('challenges with qop=auth for SHA-256 and MD5, never auth-int, then registers', async () => {
    const c = await connect();
    const ok = await register(c, 'alice');
    expect(ok.status).toBe(200);
    expect(ok.headers.values('Contact').length).toBe(1);
    c.close();
  });
  it('refuses a wrong password with a new challenge', async () => {
    const c = await connect();
    const r = await register(c, 'bob', 'wrong');
    expect(r.status).toBe(401);
    for (const line of r.headers.getAll('WWW-Authenticate')) expect(line).not.toContain('auth-int');
    c.close();
  });
  it('refuses a WebSocket without the sip subprotocol', async () => {
    await expect(RawSipClient.connect('ws', '127.0.0.1', ts.httpPort, { protocol: 'chat' })).rejects.toThrow();
  });
});

describe('MESSAGE relay', () => {
  it('relays alice -> bob with Identity, and bob answers 200 back to alice', async () => {
    const alice = await connect();
    const bob = await connect();
    expect((await register(alice, 'alice')).status).toBe(200);
    expect((await register(bob, 'bob')).status).toBe(200);
    alice.sendText(
      request('MESSAGE', `sip:bob@${TEST_DOMAIN}`, {
        Via: `SIP/2.0/WS a.invalid;branch=z9hG4bK${id()}`,
        'Max-Forwards': '70',
        From: `<sip:alice@${TEST_DOMAIN}>;tag=${id()}`,
        To: `<sip:bob@${TEST_DOMAIN}>`,
        'Call-ID': id(),
        CSeq: '1 MESSAGE',
        'Content-Type': 'text/plain',
      }, 'hello bob'),
    );
    const got = await bob.request('MESSAGE');
    expect(new TextDecoder().decode(got.body)).toBe('hello bob');
    expect(got.headers.get('Identity')).toMatch(/^"[A-Za-z0-9+/=]+"$/);
    expect(got.headers.get('Identity-Info')).toMatch(/as\.cer>;alg=rsa-sha256$/);
    expect(got.headers.get('Date')).toBeTruthy();
    expect(await opensslVerifiesIdentity(got)).toBe(true);
    expect(await opensslVerifiesIdentity(got, 'tampered')).toBe(false);
    const ok = `SIP/2.0 200 OK\r\n${got.headers.getAll('Via').map((v) => `Via: ${v}\r\n`).join('')}From: ${got.headers.get('From')}\r\nTo: ${got.headers.get('To')};tag=${id()}\r\nCall-ID: ${got.headers.get('Call-ID')}\r\nCSeq: ${got.headers.get('CSeq')}\r\nContent-Length: 0\r\n\r\n`;
    bob.sendText(ok);
    expect((await alice.response(200, 'MESSAGE')).status).toBe(200);
    alice.close();
    bob.close();
  });

  it('answers 480 for a known user with no device and 404 for an unknown one', async () => {
    const alice = await connect();
    await register(alice, 'alice');
    for (const [target, status] of [['carol', 480], ['nobody', 404]] as const) {
      alice.sendText(
        request('MESSAGE', `sip:${target}@${TEST_DOMAIN}`, {
          Via: `SIP/2.0/WS a.invalid;branch=z9hG4bK${id()}`,
          'Max-Forwards': '70',
          From: `<sip:alice@${TEST_DOMAIN}>;tag=${id()}`,
          To: `<sip:${target}@${TEST_DOMAIN}>`,
          'Call-ID': id(),
          CSeq: '1 MESSAGE',
        }),
      );
      expect((await alice.response(undefined, 'MESSAGE')).status).toBe(status);
    }
    alice.close();
  });

  it('challenges an unauthenticated sender with 407 and refuses a forged From with 403', async () => {
    const mallory = await connect();
    const msg = (from: string) =>
      request('MESSAGE', `sip:bob@${TEST_DOMAIN}`, {
        Via: `SIP/2.0/WS m.invalid;branch=z9hG4bK${id()}`,
        'Max-Forwards': '70',
        From: `<sip:${from}@${TEST_DOMAIN}>;tag=${id()}`,
        To: `<sip:bob@${TEST_DOMAIN}>`,
        'Call-ID': id(),
        CSeq: '1 MESSAGE',
      });
    mallory.sendText(msg('alice'));
    expect((await mallory.response(407, 'MESSAGE')).headers.getAll('Proxy-Authenticate').length).toBe(2);
    await register(mallory, 'carol');
    mallory.sendText(msg('alice'));
    expect((await mallory.response(403, 'MESSAGE')).reason).toContain('From');
    mallory.close();
  });
});

describe('malformed input', () => {
  it('answers 400 with the reason and keeps serving', async () => {
    const c = await connect('tcp');
    c.sendText(request('OPTIONS', `sip:${TEST_DOMAIN}`, { Via: `SIP/2.0/TCP x.invalid;branch=z9hG4bK${id()}`, From: `<sip:x@y>;tag=1`, To: '<sip:y@z>', 'Call-ID': id(), CSeq: '1 INVITE' }));
    const r = await c.response(400);
    expect(r.reason).toMatch(/CSeq/i);
    c.close();
  });
  it('answers 513 to a message over 64 KB', async () => {
    const c = await connect('ws');
    c.sendText(request('MESSAGE', `sip:bob@${TEST_DOMAIN}`, { Via: `SIP/2.0/WS x.invalid;branch=z9hG4bK${id()}`, 'Max-Forwards': '70', From: `<sip:x@y>;tag=1`, To: '<sip:y@z>', 'Call-ID': id(), CSeq: '1 MESSAGE' }, 'x'.repeat(70_000)));
    expect((await c.response(513)).status).toBe(513);
    c.close();
  });
  it('answers OPTIONS to the server itself with 200 and what it supports', async () => {
    const c = await connect('udp');
    c.sendText(request('OPTIONS', `sip:${TEST_DOMAIN}`, { Via: `SIP/2.0/UDP 127.0.0.1:${c.localPort};branch=z9hG4bK${id()};rport`, 'Max-Forwards': '70', From: `<sip:ping@elsewhere.test>;tag=1`, To: `<sip:${TEST_DOMAIN}>`, 'Call-ID': id(), CSeq: '1 OPTIONS' }));
    const r = await c.response(200, 'OPTIONS');
    expect(r.headers.get('Allow')).toContain('PUBLISH');
    expect(r.headers.get('Allow-Events')).toBe('certificate, credential');
    c.close();
  });
  it('answers 483 when Max-Forwards is 0', async () => {
    const c = await connect('udp');
    c.sendText(request('OPTIONS', `sip:bob@${TEST_DOMAIN}`, { Via: `SIP/2.0/UDP 127.0.0.1:${c.localPort};branch=z9hG4bK${id()};rport`, 'Max-Forwards': '0', From: `<sip:x@elsewhere.test>;tag=1`, To: `<sip:bob@${TEST_DOMAIN}>`, 'Call-ID': id(), CSeq: '1 OPTIONS' }));
    expect((await c.response(483)).status).toBe(483);
    c.close();
  });
});
