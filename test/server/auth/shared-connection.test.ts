/**
 * Issue 15 defect 3: connection-bound authentication only for a client's own connection. Over a real TCP socket, a
 * client speaks for two users (one Via each), and a "proxy" relays several users' requests (its own Via on top, as
 * Kamailio does). Before the fix the first user to register on the connection owned it: bob's REGISTER got 403, and
 * a party with no password sent a MESSAGE "from" alice (delivered and signed) and subscribed to alice's credential
 * package (her encrypted private key). Now those requests are challenged one by one; a configured trusted proxy
 * (127.0.0.2 here) may assert the identity with P-Asserted-Identity (RFC 3325), which anyone else's request loses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipRequest } from '../../../src/core/sip/index.ts';
import { RawSipClient } from '../../helpers/raw-sip-client.ts';
import { id, SipUser, type RequestSpec } from '../../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

const D = TEST_DOMAIN;
const TRUSTED = '127.0.0.2';
let ts: TestServer;
const closers: (() => void)[] = [];

beforeAll(async () => {
  ts = await startTestServer({ trustedProxies: [TRUSTED] });
});
afterAll(async () => {
  for (const close of closers) close();
  await ts.stop();
  removeDir(ts.dir);
});

/** A user whose requests reach the server through a proxy: each request gets the proxy's Via on top of its own. */
class BehindProxy extends SipUser {
  override build(spec: RequestSpec, extra: Record<string, string> = {}): string {
    return super.build(spec, extra).replace('\r\nVia: ', `\r\nVia: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK${id()}\r\nVia: `);
  }
}

/** A user who never answers a challenge: `send` without credentials, one request, its final response. */
class NoPassword extends SipUser {
  async sendOnce(spec: RequestSpec): Promise<number> {
    const callId = id();
    this.client.sendBytes(Buffer.from(this.build({ ...spec, callId, cseq: 1 }), 'latin1'));
    const r = await this.client.waitFor((m) => m.kind === 'response' && m.status >= 200 && m.headers.get('Call-ID') === callId, 3000);
    return r.kind === 'response' ? r.status : 0;
  }
}

async function tcp(localAddress = '127.0.0.1'): Promise<RawSipClient> {
  const client = await RawSipClient.connect('tcp', '127.0.0.1', ts.sipPort, { localAddress });
  closers.push(() => client.close());
  return client;
}

async function registeredBobOnWebSocket(): Promise<SipUser> {
  const bob = await SipUser.connect('ws', ts.httpPort, 'bob', TEST_USERS.bob!, D);
  closers.push(() => bob.close());
  expect((await bob.register()).status).toBe(200);
  return bob;
}

/** Answers every MESSAGE bob's client receives with 200, and lists their bodies. */
function messagesOf(user: SipUser): string[] {
  const bodies: string[] = [];
  user.client.onRequest = (request: SipRequest) => {
    if (request.method === 'MESSAGE') bodies.push(new TextDecoder().decode(request.body));
    user.client.respond(request, 200);
  };
  return bodies;
}

const message = (body: string, extra: Record<string, string> = {}): RequestSpec => ({
  method: 'MESSAGE',
  uri: `sip:bob@${D}`,
  to: `<sip:bob@${D}>`,
  headers: { 'Content-Type': 'text/plain', ...extra },
  body,
});
const credentialSubscription = (aor: string): RequestSpec => ({
  method: 'SUBSCRIBE',
  uri: aor,
  to: `<${aor}>`,
  headers: { Event: 'credential', Expires: '600', Accept: 'multipart/mixed' },
});
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('one TCP connection that speaks for two users', () => {
  it('lets the second user register (401, then 200), and vouches for neither afterwards', async () => {
    const connection = await tcp();
    const alice = new SipUser(connection, 'alice', TEST_USERS.alice!, D);
    const bob = new SipUser(connection, 'bob', TEST_USERS.bob!, D);
    const nobody = new NoPassword(connection, 'alice', 'no password', D);
    expect((await alice.register()).status).toBe(200);
    // Alice's own connection, so far: her requests on it need no new challenge.
    expect(await nobody.sendOnce({ method: 'OPTIONS', uri: `sip:${D}`, to: `<sip:${D}>` })).toBe(200);

    const bobWithoutPassword = new NoPassword(connection, 'bob', 'no password', D);
    expect(await bobWithoutPassword.sendOnce({ method: 'REGISTER', uri: `sip:${D}`, to: `<${bob.aor}>`, headers: { Expires: '600' } })).toBe(401);
    expect((await bob.register()).status).toBe(200);

    // Now the connection is shared: a request "from" alice without her password is challenged.
    expect(await nobody.sendOnce(message('as alice on a shared connection'))).toBe(407);
    expect(await nobody.sendOnce(credentialSubscription(alice.aor))).toBe(401);
  });
});

describe('a proxy connection: requests with the proxy Via on top', () => {
  it('challenges a party without alice\'s password, even after alice registered through the same connection', async () => {
    const bobOnWs = await registeredBobOnWebSocket();
    const delivered = messagesOf(bobOnWs);
    const connection = await tcp();
    const alice = new BehindProxy(connection, 'alice', TEST_USERS.alice!, D);
    const attacker = new (class extends NoPassword {
      override build(spec: RequestSpec, extra: Record<string, string> = {}): string {
        return BehindProxy.prototype.build.call(this, spec, extra);
      }
    })(connection, 'alice', 'no password', D);
    expect((await alice.register()).status).toBe(200);

    expect(await attacker.sendOnce(message('spoofed through the proxy'))).toBe(407);
    expect(await attacker.sendOnce(credentialSubscription(alice.aor))).toBe(401);
    const carol = new BehindProxy(connection, 'carol', TEST_USERS.carol!, D);
    expect((await carol.register()).status).toBe(200);

    // Alice herself, with her password, still gets through the proxy.
    expect((await alice.send(message('really alice'))).status).toBe(200);
    await delay(100);
    expect(delivered).toEqual(['really alice']);
  });
});

describe('P-Asserted-Identity (RFC 3325)', () => {
  it('counts from a trusted proxy, for an existing user of ours only', async () => {
    const bobOnWs = await registeredBobOnWebSocket();
    const delivered: SipRequest[] = [];
    bobOnWs.client.onRequest = (request) => {
      delivered.push(request);
      bobOnWs.client.respond(request, 200);
    };
    const edge = new NoPassword(await tcp(TRUSTED), 'alice', 'no password', D);
    expect(await edge.sendOnce(message('asserted', { 'P-Asserted-Identity': `"Alice" <sip:alice@${D}>` }))).toBe(200);
    expect(await edge.sendOnce(message('asserted nobody', { 'P-Asserted-Identity': `<sip:mallory@${D}>` }))).toBe(407);
    expect(await edge.sendOnce(message('asserted two', { 'P-Asserted-Identity': `<sip:alice@${D}>, <sip:carol@${D}>` }))).toBe(407);
    expect(await edge.sendOnce(message('not asserted'))).toBe(407);
    await delay(100);
    expect(delivered.map((r) => new TextDecoder().decode(r.body))).toEqual(['asserted']);
    // The forwarded request is signed for alice by the authentication service (RFC 4474).
    expect(delivered[0]!.headers.get('Identity')).toBeTruthy();
  });

  it('is removed from anyone else: no identity from it, and it never reaches the callee', async () => {
    const bobOnWs = await registeredBobOnWebSocket();
    const delivered: SipRequest[] = [];
    bobOnWs.client.onRequest = (request) => {
      delivered.push(request);
      bobOnWs.client.respond(request, 200);
    };
    const stranger = new NoPassword(await tcp(), 'alice', 'no password', D);
    expect(await stranger.sendOnce(message('claimed', { 'P-Asserted-Identity': `<sip:alice@${D}>` }))).toBe(407);
    const carol = new SipUser(await tcp(), 'carol', TEST_USERS.carol!, D);
    expect((await carol.send(message('from carol', { 'P-Asserted-Identity': `<sip:alice@${D}>` }))).status).toBe(200);
    await delay(100);
    expect(delivered.map((r) => new TextDecoder().decode(r.body))).toEqual(['from carol']);
    expect(delivered[0]!.headers.has('P-Asserted-Identity')).toBe(false);
  });
});
