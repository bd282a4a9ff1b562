/**
 * Subscriptions and out-of-dialog requests of the JsSIP SipClient against the real server (RFC 6665, RFC 6072,
 * RFC 3903): NOTIFYs reported with their exact bytes (empty ones too), PUBLISH through `sendRequest` with digest
 * challenges answered, un-SUBSCRIBE, and subscriptions restored after the server restarts.
 */
import { describe, expect, it, vi } from 'vitest';
import { equalBytes as bytesEqual, fromBase64 as base64Decode, latin1 as latin1String } from '../../src/core/bytes.ts';
import { parseSipMessage, parseSubscriptionState, type SipRequest } from '../../src/core/sip/index.ts';
import type { NotifyInfo, SubscriptionStatus } from '../../src/sip/sip-client.ts';
import { credentialBody, makeCredential } from '../server/credentials/harness.ts';
import { removeDir, startTestServer, TEST_DOMAIN } from '../helpers/test-server.ts';
import { makeClient, signIn, startServerAt, useSipClientServer, type ClientUnderTest } from './sip-client-harness.ts';

const fixture = useSipClientServer();
const BOB = `sip:bob@${TEST_DOMAIN}`;

interface Watched extends ClientUnderTest {
  notifies: NotifyInfo[];
  statuses: SubscriptionStatus[];
}

function client(user: string): Watched {
  const c = fixture.client(user) as Watched;
  c.notifies = [];
  c.statuses = [];
  c.client.on('notify', (n) => c.notifies.push(n));
  c.client.on('subscription', (s) => c.statuses.push(s));
  return c;
}

function request(notify: NotifyInfo): SipRequest {
  const message = parseSipMessage(notify.message);
  if (message.kind !== 'request') throw new Error('not a request');
  return message;
}

async function publishCertificate(bob: Watched): Promise<{ der: Uint8Array; etag: string }> {
  const credential = await makeCredential(BOB);
  const body = credentialBody(credential.certificate, credential.encryptedKey);
  const response = await bob.client.sendRequest({
    method: 'PUBLISH',
    target: BOB,
    headers: ['Event: credential', 'Expires: 3600'],
    body: latin1String(body.body),
    contentType: body.contentType,
  });
  expect(response.status).toBe(200);
  const etag = response.header('SIP-ETag');
  expect(etag).toBeTruthy();
  return { der: credential.certificate, etag: etag! };
}

describe('subscriptions', () => {
  it('an empty NOTIFY (no certificate yet), then the certificate bob publishes, byte for byte', async () => {
    const alice = client('alice');
    const bob = client('bob');
    await Promise.all([signIn(alice, fixture.server), signIn(bob, fixture.server)]);
    const id = alice.client.subscribe('bob', { event: 'certificate', accept: ['application/pkix-cert'] });
    const first = await alice.waitFor('the first NOTIFY', () => alice.notifies[0]);
    expect(first).toMatchObject({ subscriptionId: id, target: BOB, event: 'certificate' });
    const empty = request(first);
    expect(empty.method).toBe('NOTIFY');
    expect(empty.body.length).toBe(0);
    expect(empty.headers.get('Identity')).toBeTruthy();
    await alice.waitFor('active', () => alice.statuses.find((s) => s.id === id && s.state === 'active'));

    const { der } = await publishCertificate(bob);
    const second = await alice.waitFor('the certificate NOTIFY', () => alice.notifies[1]);
    const notify = request(second);
    expect(notify.headers.get('Content-Type')).toBe('application/pkix-cert');
    expect(notify.headers.get('Content-Transfer-Encoding')?.toLowerCase()).toBe('base64');
    expect(bytesEqual(base64Decode(latin1String(notify.body)), der)).toBe(true);
  });

  it('a PUBLISH refresh with a stale entity tag gets 412 (RFC 3903 section 6)', async () => {
    const bob = client('bob');
    await signIn(bob, fixture.server);
    await publishCertificate(bob);
    const response = await bob.client.sendRequest({ method: 'PUBLISH', target: BOB, headers: ['Event: credential', 'Expires: 3600', 'SIP-If-Match: not-a-tag'] });
    expect(response.status).toBe(412);
  });

  it('unsubscribe sends Expires: 0 and reports terminated', async () => {
    const alice = client('alice');
    await signIn(alice, fixture.server);
    const id = alice.client.subscribe('bob', { event: 'certificate', accept: ['application/pkix-cert'] });
    await alice.waitFor('active', () => alice.statuses.find((s) => s.id === id && s.state === 'active'));
    alice.client.unsubscribe(id);
    expect(alice.statuses.at(-1)).toMatchObject({ id, state: 'terminated', reason: 'unsubscribed' });
    const unsubscribe = await alice.waitFor('the un-SUBSCRIBE', () => alice.trace.find((e) => e.direction === 'out' && e.text.startsWith('SUBSCRIBE ') && /\r\nExpires: 0\r\n/.test(e.text))[0]);
    expect(unsubscribe.text).toMatch(/\r\nEvent: certificate\r\n/);
    // The server confirms with a terminating NOTIFY (rfc6665#section-4.2.1.4); it is no longer the app's business.
    await alice.waitFor('the final NOTIFY', () => alice.trace.find((e) => e.direction === 'in' && e.text.startsWith('NOTIFY ') && /\r\nSubscription-State: terminated/i.test(e.text))[0]);
    const notifiesSeen = alice.notifies.length;
    expect(alice.notifies.slice(0, notifiesSeen).every((n) => parseSubscriptionState(request(n).headers.get('Subscription-State') ?? '').state === 'active')).toBe(true);
  });

  it('sign-out leaves no refresh timer of JsSIP behind (it would re-SUBSCRIBE minutes later and keep Node alive)', async () => {
    const alice = client('alice');
    await signIn(alice, fixture.server);
    const refreshTimers = new Set<unknown>();
    const cleared = new Set<unknown>();
    const setTimer = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const handle = setTimer(fn, ms);
      if (new Error().stack?.includes('_scheduleSubscribe')) refreshTimers.add(handle);
      return handle;
    }) as typeof setTimeout);
    const clearTimer = globalThis.clearTimeout;
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((handle?: Parameters<typeof clearTimeout>[0]) => {
      cleared.add(handle);
      clearTimer(handle);
    }) as typeof clearTimeout);
    try {
      const id = alice.client.subscribe('bob', { event: 'certificate', accept: ['application/pkix-cert'] });
      await alice.waitFor('active', () => alice.statuses.find((s) => s.id === id && s.state === 'active'));
      expect(refreshTimers.size).toBeGreaterThan(0);
      await alice.client.signOut();
      await new Promise((r) => setTimer(r, 300)); // a late 200 to the un-SUBSCRIBE must not arm another one
      expect([...refreshTimers].filter((t) => !cleared.has(t))).toEqual([]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a subscription to an event the server does not know ends with the reason (489, RFC 6665 section 8.3.2)', async () => {
    const alice = client('alice');
    await signIn(alice, fixture.server);
    const id = alice.client.subscribe('bob', { event: 'presence', accept: ['application/pidf+xml'] });
    const ended = await alice.waitFor('terminated', () => alice.statuses.find((s) => s.id === id && s.state === 'terminated'));
    expect(ended.reason).toBe('SUBSCRIBE refused (489)');
  });

  it('subscribing needs a signed-in client', () => {
    expect(() => makeClient('carol').client.subscribe('bob', { event: 'certificate', accept: ['application/pkix-cert'] })).toThrow(/not signed in/);
  });
});

describe('server restart', () => {
  it('subscriptions come back by themselves after the client registers again', async () => {
    const seed = await startTestServer();
    await seed.stop();
    let current = await startServerAt(seed.dir, 0);
    try {
      const alice = client('alice');
      await signIn(alice, current);
      const id = alice.client.subscribe('bob', { event: 'certificate', accept: ['application/pkix-cert'] });
      await alice.waitFor('first NOTIFY', () => alice.notifies[0]);
      const port = current.httpPort;
      await current.stop();
      await alice.waitFor('retrying', () => alice.statuses.find((s) => s.id === id && s.state === 'retrying'));
      current = await startServerAt(current.dir, port);
      await alice.waitFor('registered again', () => (alice.client.registrationState === 'registered' ? true : undefined), 10_000);
      const again = await alice.waitFor('a NOTIFY after the restart', () => alice.notifies[1], 10_000);
      expect(again.subscriptionId).toBe(id);
      expect(alice.statuses.filter((s) => s.id === id).map((s) => s.state).slice(-3)).toEqual(['retrying', 'subscribing', 'active']);
      const subscribes = alice.trace.find((e) => e.direction === 'out' && e.text.startsWith('SUBSCRIBE ') && /\r\nEvent: certificate\r\n/.test(e.text) && !/\r\nExpires: 0\r\n/.test(e.text));
      expect(new Set(subscribes.map((e) => /\r\nCall-ID: (\S+)/.exec(e.text)?.[1])).size).toBe(2);
    } finally {
      await fixture.signOutAll();
      await current.stop();
      removeDir(current.dir);
    }
  }, 30_000);
});
