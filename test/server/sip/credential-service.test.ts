/**
 * RFC 6072 over real sockets: PUBLISH of a credential, SUBSCRIBE to certificates and credentials, NOTIFY on every
 * change with an Identity header openssl verifies, 412, 423, 403, unknown users, revocation, and restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMimeBody, leafEntity, multipartEntity, parseMimeBody } from '../../../src/core/mime/index.ts';
import { encryptPrivateKeyInfo } from '../../../src/core/pkcs8/index.ts';
import { parseSubscriptionState, type SipRequest } from '../../../src/core/sip/index.ts';
import { createSelfSignedCertificate } from '../../../src/core/x509/index.ts';
import { opensslVerifiesIdentity } from '../../helpers/openssl-identity.ts';
import { SipUser } from '../../helpers/sip-session.ts';
import { removeDir, startTestServer, TEST_DOMAIN, TEST_USERS, type TestServer } from '../../helpers/test-server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
  removeDir(ts.dir);
});

async function user(name: string, password = TEST_USERS[name]!): Promise<SipUser> {
  const u = await SipUser.connect('ws', ts.httpPort, name, password, TEST_DOMAIN);
  expect((await u.register()).status).toBe(200);
  return u;
}

async function credentialBody(aor: string): Promise<{ contentType: string; body: Uint8Array; certificate: Uint8Array }> {
  const c = await createSelfSignedCertificate({ aor }, globalThis.crypto);
  const key = await encryptPrivateKeyInfo(c.privateKeyInfo, 'key passphrase', globalThis.crypto, { iterations: 1000 });
  const { contentType, body } = buildMimeBody(
    multipartEntity('mixed', [
      leafEntity({ contentType: 'application/pkix-cert', transferEncoding: 'base64', body: c.certificateDer }),
      leafEntity({ contentType: 'application/pkcs8', transferEncoding: 'base64', body: key }),
    ]),
  );
  return { contentType, body, certificate: c.certificateDer };
}

function publish(u: SipUser, extra: Record<string, string>, body?: { contentType: string; body: Uint8Array }) {
  return u.send({
    method: 'PUBLISH',
    uri: u.aor,
    to: `<${u.aor}>`,
    headers: { Event: 'credential', ...(body ? { 'Content-Type': body.contentType } : {}), ...extra },
    ...(body ? { body: body.body } : {}),
  });
}

function subscribe(u: SipUser, target: string, event: 'certificate' | 'credential', expires = 600) {
  return u.send({ method: 'SUBSCRIBE', uri: target, to: `<${target}>`, headers: { Event: event, Expires: String(expires), Accept: 'application/pkix-cert, multipart/mixed' } });
}

function certificateOf(notify: SipRequest): Uint8Array | null {
  if (notify.body.length === 0) return null;
  return parseMimeBody(notify.headers.get('Content-Type'), notify.body, notify.headers.get('Content-Transfer-Encoding') ? [['Content-Transfer-Encoding', notify.headers.get('Content-Transfer-Encoding')!]] : []).body;
}

describe('RFC 6072 credential service over WebSocket', () => {
  it('publish, subscribe, change -> NOTIFY, 412, 423, 403, revoke', async () => {
    const alice = await user('alice');
    const bob = await user('bob');

    // Nothing published yet: an empty NOTIFY, From = the subscribed AOR, vouched for by the server.
    expect((await subscribe(bob, alice.aor, 'certificate')).status).toBe(200);
    const empty = await bob.notify();
    expect(empty.body.length).toBe(0);
    expect(empty.headers.get('From')).toContain(alice.aor);
    expect(await opensslVerifiesIdentity(empty)).toBe(true);

    // alice publishes: 200 with an entity tag, and bob's NOTIFY carries her certificate.
    const first = await credentialBody(alice.aor);
    const published = await publish(alice, { Expires: '3600' }, first);
    expect(published.status).toBe(200);
    const etag = published.headers.get('SIP-ETag')!;
    expect(etag).toBeTruthy();
    const n1 = await bob.notify();
    expect(certificateOf(n1)).toEqual(first.certificate);
    expect(n1.headers.get('Content-Transfer-Encoding')?.toLowerCase()).toBe('base64');
    expect(parseSubscriptionState(n1.headers.get('Subscription-State')!).state).toBe('active');
    expect(await opensslVerifiesIdentity(n1)).toBe(true);

    // A change reaches the watcher; a stale entity tag is 412; too short an Expires is 423.
    const second = await credentialBody(alice.aor);
    const modified = await publish(alice, { Expires: '3600', 'SIP-If-Match': etag }, second);
    expect(modified.status).toBe(200);
    expect(certificateOf(await bob.notify())).toEqual(second.certificate);
    expect((await publish(alice, { Expires: '3600', 'SIP-If-Match': etag }, second)).status).toBe(412);
    const tooShort = await publish(alice, { Expires: '1', 'SIP-If-Match': modified.headers.get('SIP-ETag')! });
    expect(tooShort.status).toBe(423);
    expect(tooShort.headers.get('Min-Expires')).toBeTruthy();

    // bob may not publish for alice, nor watch her credential.
    const forged = await bob.send({ method: 'PUBLISH', uri: alice.aor, to: `<${alice.aor}>`, headers: { Event: 'credential', 'Content-Type': second.contentType }, body: second.body });
    expect(forged.status).toBe(403);
    expect((await subscribe(bob, alice.aor, 'credential')).status).toBe(403);

    // alice's own credential subscription gets the pair; revocation empties bob's and deactivates hers.
    expect((await subscribe(alice, alice.aor, 'credential')).status).toBe(200);
    const pair = await alice.notify();
    expect(pair.headers.get('Content-Type')).toContain('multipart/mixed');
    const revoked = await publish(alice, { Expires: '0', 'SIP-If-Match': modified.headers.get('SIP-ETag')! });
    expect(revoked.status).toBe(200);
    expect((await bob.notify()).body.length).toBe(0);
    const ended = await alice.notify();
    const state = parseSubscriptionState(ended.headers.get('Subscription-State')!);
    expect(state.state).toBe('terminated');
    expect(state.reason).toBe('deactivated');
    alice.close();
    bob.close();
  });

  it('an unknown user gets an empty NOTIFY, and an unknown event 489', async () => {
    const carol = await user('carol');
    expect((await subscribe(carol, `sip:nobody@${TEST_DOMAIN}`, 'certificate')).status).toBe(200);
    expect((await carol.notify()).body.length).toBe(0);
    const bad = await carol.send({ method: 'SUBSCRIBE', uri: carol.aor, to: `<${carol.aor}>`, headers: { Event: 'presence', Expires: '60' } });
    expect(bad.status).toBe(489);
    carol.close();
  });
});

describe('restart', () => {
  it('keeps users and published credentials', async () => {
    const alice = await user('alice');
    const body = await credentialBody(alice.aor);
    expect((await publish(alice, { Expires: '3600' }, body)).status).toBe(200);
    alice.close();
    await ts.stop();
    ts = await startTestServer({ dir: ts.dir });
    const bob = await user('bob');
    expect((await subscribe(bob, `sip:alice@${TEST_DOMAIN}`, 'certificate')).status).toBe(200);
    expect(certificateOf(await bob.notify())).toEqual(body.certificate);
    bob.close();
  });
});


describe('subscriptions end with their connection (issue 15, defect 6)', () => {
  it('the certificate subscriptions of a WebSocket that closes are gone at once, and a later PUBLISH signs nothing for them', async () => {
    const sip = ts.server.sip!;
    const watcher = await user('bob');
    const before = sip.credentials.subscriptionCount;
    for (let i = 0; i < 20; i++) expect((await subscribe(watcher, `sip:someone${i}@${TEST_DOMAIN}`, 'certificate')).status).toBe(200);
    // Nobody else watches carol in this file.
    const carol = await user('carol');
    expect((await subscribe(watcher, carol.aor, 'certificate')).status).toBe(200);
    for (let i = 0; i < 21; i++) await watcher.notify(); // answered 200: each subscription stays active
    await sip.credentials.idle();
    const held = sip.credentials.subscriptionCount;
    expect(held - before).toBe(21);
    watcher.close();
    // (Connections of earlier tests may close meanwhile and take theirs too: at most, never more.)
    await expect.poll(() => held - sip.credentials.subscriptionCount, { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(21);
    await sip.credentials.idle();
    const signed = sip.signing.stats.signed;
    expect((await publish(carol, { Expires: '600' }, await credentialBody(carol.aor))).status).toBe(200);
    await sip.credentials.idle();
    expect(sip.signing.stats.signed).toBe(signed); // on the code before, one signed NOTIFY went to the closed connection
    carol.close();
  });
});
