/**
 * PUBLISH of credentials (RFC 3903 with RFC 6072 section 7): entity tags, intervals, who may publish, what is
 * stored, and what every watcher is told on each change.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { equalBytes } from '../../../src/core/bytes.ts';
import { buildMimeBody, leafEntity, multipartEntity } from '../../../src/core/mime/index.ts';
import { CredentialService } from '../../../server/credentials/index.ts';
import { openStore } from '../../../server/store/index.ts';
import { Workdir, exact } from '../../helpers/openssl.ts';
import {
  ALICE,
  BOB,
  CAROL,
  credentialBody,
  loopback,
  makeCredential,
  notifyEntity,
  plain,
  setup,
  stateOf,
  tls,
  userOf,
  type Harness,
} from './harness.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** Two certificate watchers and one credential watcher of alice. */
async function watchAlice(h: Harness): Promise<void> {
  await h.subscribe({ aor: ALICE, callId: 'w-cert-1', from: BOB });
  await h.subscribe({ aor: ALICE, callId: 'w-cert-2', from: CAROL });
  await h.subscribe({ aor: ALICE, callId: 'w-cred', from: ALICE, event: 'credential' }, tls(), userOf(ALICE));
  await h.service.idle();
  h.services.clear();
}

describe('PUBLISH credential', () => {
  it('stores an initial publication before answering 200 with a SIP-ETag and Expires, and NOTIFYs every watcher', async () => {
    const h = setup();
    await watchAlice(h);
    const alice = await makeCredential(ALICE);
    h.log.length = 0;
    const incoming = await h.publishCredential(alice, { expires: 3600 });
    expect(h.log).toEqual([`put ${ALICE}`, '200 PUBLISH']);
    const ok = incoming.final;
    const etag = ok.headers.get('SIP-ETag')!;
    expect(etag).toMatch(/^[0-9a-f]{16}$/);
    expect(ok.headers.get('Expires')).toBe('3600');
    const stored = h.repository.getCredential(ALICE)!;
    expect(stored.etag).toBe(etag);
    expect(equalBytes(stored.certificate, alice.certificate)).toBe(true);
    expect(equalBytes(stored.encryptedKey!, alice.encryptedKey)).toBe(true);

    await h.service.idle();
    const certificateNotifies = [...h.services.notifies('w-cert-1'), ...h.services.notifies('w-cert-2')];
    expect(certificateNotifies).toHaveLength(2);
    for (const notify of certificateNotifies) {
      expect(stateOf(notify).state).toBe('active');
      expect(equalBytes(notifyEntity(notify)!.body, alice.certificate)).toBe(true);
    }
    const [credentialNotify] = h.services.notifies('w-cred');
    const entity = notifyEntity(credentialNotify!)!;
    expect(credentialNotify!.headers.get('Content-Type')).toMatch(/^multipart\/mixed;\s*boundary=/);
    expect(entity.parts!.map((p) => p.headers.get('Content-Type'))).toEqual(['application/pkix-cert', 'application/pkcs8']);
    expect(entity.parts!.map((p) => p.headers.get('Content-Transfer-Encoding'))).toEqual(['base64', 'base64']);
    expect(equalBytes(entity.parts![0]!.body, alice.certificate)).toBe(true);
    expect(equalBytes(entity.parts![1]!.body, alice.encryptedKey)).toBe(true);
  });

  it('refreshes with SIP-If-Match and no body: a new entity tag, a later expiry, nobody notified', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE);
    const first = (await h.publishCredential(alice, { expires: 600 })).final;
    await watchAlice(h);
    const refresh = await h.publish({ aor: ALICE, ifMatch: first.headers.get('SIP-ETag')!, expires: 7200 });
    expect(refresh.final.status).toBe(200);
    const etag = refresh.final.headers.get('SIP-ETag')!;
    expect(etag).not.toBe(first.headers.get('SIP-ETag'));
    expect(refresh.final.headers.get('Expires')).toBe('7200');
    const stored = h.repository.getCredential(ALICE)!;
    expect(stored.etag).toBe(etag);
    expect(equalBytes(stored.encryptedKey!, alice.encryptedKey)).toBe(true);
    await h.service.idle();
    expect(h.services.notifies()).toHaveLength(0);
  });

  it('modifies with SIP-If-Match and a body: certificate watchers get the new certificate, credential subscriptions end', async () => {
    const h = setup();
    const first = (await h.publishCredential(await makeCredential(ALICE))).final;
    await watchAlice(h);
    const next = await makeCredential(ALICE);
    const modify = await h.publishCredential(next, { ifMatch: first.headers.get('SIP-ETag')! });
    expect(modify.final.status).toBe(200);
    await h.service.idle();
    expect(equalBytes(notifyEntity(h.services.notifies('w-cert-1')[0]!)!.body, next.certificate)).toBe(true);
    // Seed 002 section 6: the new pair only after authenticating again (credential-change.test.ts).
    const [ended] = h.services.notifies('w-cred');
    expect(stateOf(ended!)).toMatchObject({ state: 'terminated', reason: 'deactivated' });
    expect(ended!.body).toHaveLength(0);
  });

  it('answers 412 to a stale or unknown SIP-If-Match and changes nothing', async () => {
    const h = setup();
    const first = (await h.publishCredential(await makeCredential(ALICE))).final;
    const etag = first.headers.get('SIP-ETag')!;
    await h.publish({ aor: ALICE, ifMatch: etag });
    const writes = h.repository.writes;
    for (const ifMatch of [etag, 'no-such-tag']) {
      const stale = await h.publish({ aor: ALICE, ifMatch });
      expect(stale.final.status).toBe(412);
      expect(stale.final.reason).toBe('Conditional Request Failed');
    }
    const staleModify = await h.publishCredential(await makeCredential(ALICE), { ifMatch: etag });
    expect(staleModify.final.status).toBe(412);
    expect((await h.publish({ aor: BOB, ifMatch: 'x', expires: 0 })).final.status).toBe(412);
    expect(h.repository.writes).toBe(writes);
  });

  it('answers 423 with Min-Expires below 60 s and cuts the interval down to the certificate notAfter', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE, { validityDays: 1 });
    const brief = await h.publishCredential(alice, { expires: 30 });
    expect(brief.final.status).toBe(423);
    expect(brief.final.headers.get('Min-Expires')).toBe('60');
    expect(h.repository.getCredential(ALICE)).toBeUndefined();
    const ok = await h.publishCredential(alice, { expires: 30 * 86400 });
    const granted = Number(ok.final.headers.get('Expires'));
    expect(granted).toBeGreaterThan(86400 - 400);
    expect(granted).toBeLessThanOrEqual(86400);
  });

  it('revokes with SIP-If-Match and Expires: 0: empty NOTIFY to certificate watchers, terminated;reason=deactivated to credential watchers', async () => {
    const h = setup();
    const first = (await h.publishCredential(await makeCredential(ALICE))).final;
    await watchAlice(h);
    h.log.length = 0;
    const remove = await h.publish({ aor: ALICE, ifMatch: first.headers.get('SIP-ETag')!, expires: 0 });
    expect(h.log).toEqual([`remove ${ALICE}`, '200 PUBLISH']);
    expect(remove.final.headers.get('Expires')).toBe('0');
    expect(h.repository.getCredential(ALICE)).toBeUndefined();
    await h.service.idle();
    for (const callId of ['w-cert-1', 'w-cert-2']) {
      const [notify] = h.services.notifies(callId);
      expect(stateOf(notify!).state).toBe('active');
      expect(notify!.body).toHaveLength(0);
      expect(notify!.headers.has('Content-Type')).toBe(false);
    }
    const [ended] = h.services.notifies('w-cred');
    expect(stateOf(ended!)).toMatchObject({ state: 'terminated', reason: 'deactivated' });
    expect(ended!.body).toHaveLength(0);
    expect(h.service.subscriptionCount).toBe(2);
  });

  it('lets the owner revoke without an entity tag (a new device), and answers 200 when there is nothing to revoke', async () => {
    const h = setup();
    await h.publishCredential(await makeCredential(ALICE));
    expect((await h.publish({ aor: ALICE, expires: 0 })).final.status).toBe(200);
    expect(h.repository.getCredential(ALICE)).toBeUndefined();
    expect((await h.publish({ aor: ALICE, expires: 0 })).final.status).toBe(200);
  });

  it('replaces the current publication on an initial PUBLISH without SIP-If-Match', async () => {
    const h = setup();
    const first = (await h.publishCredential(await makeCredential(ALICE))).final;
    const next = await makeCredential(ALICE);
    const second = (await h.publishCredential(next)).final;
    expect(second.status).toBe(200);
    expect(second.headers.get('SIP-ETag')).not.toBe(first.headers.get('SIP-ETag'));
    expect(equalBytes(h.repository.getCredential(ALICE)!.certificate, next.certificate)).toBe(true);
  });

  it('answers 400 to an initial PUBLISH without a body, and to Expires: 0 with a body', async () => {
    const h = setup();
    expect((await h.publish({ aor: ALICE })).final.status).toBe(400);
    const alice = await makeCredential(ALICE);
    expect((await h.publishCredential(alice, { expires: 0 })).final.status).toBe(400);
  });

  it('removes the credential when the publication expires, and tells the watchers as for a revocation', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
    const h = setup();
    await h.publishCredential(await makeCredential(ALICE), { expires: 120 });
    await watchAlice(h);
    await vi.advanceTimersByTimeAsync(119_000);
    expect(h.services.notifies()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await h.service.idle();
    expect(h.repository.rows.size).toBe(0);
    expect(h.services.notifies('w-cert-1')[0]!.body).toHaveLength(0);
    expect(stateOf(h.services.notifies('w-cred')[0]!)).toMatchObject({ state: 'terminated', reason: 'deactivated' });
    h.service.close();
  });

  it('removes publications that ended while the server was down when it starts', async () => {
    const h = setup();
    h.repository.putCredential({ aor: ALICE, certificate: new Uint8Array([1]), etag: 'old', expiresAt: Date.now() - 1000 });
    const service = new CredentialService({ services: h.services, repository: h.repository, signer: h.signer });
    expect(h.repository.rows.size).toBe(0);
    service.close();
  });

  it('takes a certificate alone (no key stored) and binary Content-Transfer-Encoding', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE);
    const alone = await h.publish({ aor: ALICE, ...credentialBody(alice.certificate, undefined, 'none') });
    expect(alone.final.status).toBe(200);
    expect(h.repository.getCredential(ALICE)!.encryptedKey).toBeUndefined();
    const binary = await h.publish({ aor: ALICE, ...credentialBody(alice.certificate, alice.encryptedKey, 'binary') });
    expect(binary.final.status).toBe(200);
    expect(equalBytes(h.repository.getCredential(ALICE)!.encryptedKey!, alice.encryptedKey)).toBe(true);
    const base64Alone = await h.publish({ aor: ALICE, ...credentialBody(alice.certificate, undefined, 'base64') });
    expect(base64Alone.final.status).toBe(200);
  });

  it('sends the certificate alone to credential watchers when no key was published', async () => {
    const h = setup();
    await watchAlice(h);
    const alice = await makeCredential(ALICE);
    await h.publish({ aor: ALICE, ...credentialBody(alice.certificate, undefined, 'none') });
    await h.service.idle();
    const entity = notifyEntity(h.services.notifies('w-cred')[0]!)!;
    expect(entity.parts!.map((p) => p.headers.get('Content-Type'))).toEqual(['application/pkix-cert']);
  });

  it('works over the real SQLite store', async () => {
    const store = openStore(':memory:');
    try {
      const h = setup({ repository: store });
      const alice = await makeCredential(ALICE);
      const ok = (await h.publishCredential(alice)).final;
      expect(ok.status).toBe(200);
      expect(store.getCredential(ALICE)!.etag).toBe(ok.headers.get('SIP-ETag'));
      await h.subscribe({ aor: ALICE });
      await h.service.idle();
      expect(equalBytes(notifyEntity(h.services.notifies()[0]!)!.body, alice.certificate)).toBe(true);
      expect((await h.publish({ aor: ALICE, ifMatch: ok.headers.get('SIP-ETag')!, expires: 0 })).final.status).toBe(200);
      expect(store.getCredential(ALICE)).toBeUndefined();
      h.service.close();
    } finally {
      store.close();
    }
  });
});

describe('PUBLISH refusals', () => {
  it('answers 403 to anyone but the authenticated owner', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE);
    const body = credentialBody(alice.certificate, alice.encryptedKey);
    const byBob = await h.publish({ aor: ALICE, ...body }, tls(), userOf(BOB));
    expect(byBob.final.status).toBe(403);
    expect(byBob.final.reason).toBe(`Forbidden: not the owner of ${ALICE}`);
    const anonymous = await h.publish({ aor: ALICE, ...body }, tls(), null);
    expect(anonymous.final.status).toBe(403);
    expect(h.repository.rows.size).toBe(0);
  });

  it('answers 403 over a plain connection from another machine, and takes loopback', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE);
    const body = credentialBody(alice.certificate, alice.encryptedKey);
    const overPlain = await h.publish({ aor: ALICE, ...body }, plain());
    expect(overPlain.final.status).toBe(403);
    expect(overPlain.final.reason).toBe('Forbidden: credentials only over TLS or loopback');
    expect(overPlain.final.headers.get('Warning')).toMatch(/^399 sealphone\.test "/);
    expect((await h.publish({ aor: ALICE, ...body }, loopback())).final.status).toBe(200);
  });

  it('answers 489 to other event packages, and 415 with Accept to other body types', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE);
    const certificateEvent = await h.publish({ aor: ALICE, event: 'certificate', ...credentialBody(alice.certificate, undefined, 'none') });
    expect(certificateEvent.final.status).toBe(489);
    expect((await h.publish({ aor: ALICE, event: 'presence', contentType: 'application/pidf+xml', body: new Uint8Array([60]) })).final.status).toBe(489);
    const pidf = await h.publish({ aor: ALICE, contentType: 'application/pidf+xml', body: new Uint8Array([60, 62]) });
    expect(pidf.final.status).toBe(415);
    expect(pidf.final.headers.get('Accept')).toBe('multipart/mixed, application/pkix-cert');
    const withText = buildMimeBody(
      multipartEntity('mixed', [
        leafEntity({ contentType: 'application/pkix-cert', body: alice.certificate, transferEncoding: 'base64' }),
        leafEntity({ contentType: 'text/plain', body: 'hello' }),
      ]),
    );
    expect((await h.publish({ aor: ALICE, contentType: withText.contentType, body: withText.body })).final.status).toBe(415);
  });

  it('refuses an expired, a not yet valid, and a foreign certificate with the reason in the status line', async () => {
    const h = setup();
    const longAgo = () => new Date(Date.now() - 30 * 86400_000);
    const expired = await makeCredential(ALICE, { validityDays: 10, now: longAgo });
    const future = await makeCredential(ALICE, { now: () => new Date(Date.now() + 86400_000) });
    const bobs = await makeCredential(BOB);
    const cases: [Uint8Array, RegExp][] = [
      [expired.certificate, /^Bad certificate: expired$/],
      [future.certificate, /^Bad certificate: not yet valid$/],
      [bobs.certificate, /^Bad certificate: no SubjectAltName URI sip:alice@sealphone\.test$/],
      [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), /^Bad certificate: unreadable$/],
    ];
    for (const [certificate, reason] of cases) {
      const refused = await h.publish({ aor: ALICE, ...credentialBody(certificate, expired.encryptedKey) });
      expect(refused.final.status).toBe(400);
      expect(refused.final.reason).toMatch(reason);
      expect(refused.final.headers.get('Warning')).toMatch(/^399 /);
    }
    expect(h.repository.rows.size).toBe(0);
  });

  it('refuses a certificate whose self-signature does not verify (no proof of possession of the key), 400 not 415', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE);
    const corrupt = alice.certificate.slice();
    // The signatureValue BIT STRING ends the DER: flipping its last byte keeps the certificate readable.
    corrupt[corrupt.length - 1] = corrupt.at(-1)! ^ 0x01;
    const refused = await h.publish({ aor: ALICE, ...credentialBody(corrupt, alice.encryptedKey) });
    expect(refused.final.status).toBe(400);
    expect(refused.final.reason).toBe('Bad certificate: self-signature does not verify');
    expect(h.repository.rows.size).toBe(0);
    expect((await h.publish({ aor: ALICE, ...credentialBody(alice.certificate, alice.encryptedKey) })).final.status).toBe(200);
  });

  it('refuses a clear private key and a key that is not an EncryptedPrivateKeyInfo', async () => {
    const h = setup();
    const alice = await makeCredential(ALICE);
    const clear = await h.publish({ aor: ALICE, ...credentialBody(alice.certificate, alice.privateKeyInfo) });
    expect(clear.final.status).toBe(400);
    expect(clear.final.reason).toBe('Bad key: a clear private key');
    const junk = await h.publish({ aor: ALICE, ...credentialBody(alice.certificate, new Uint8Array([0x04, 0x01, 0x00])) });
    expect(junk.final.reason).toBe('Bad key: not a PKCS#8 EncryptedPrivateKeyInfo');
    expect(h.repository.rows.size).toBe(0);
  });

  it('refuses a cA=true certificate made by openssl, and takes its RSA cA=false sibling with the AOR as SubjectAltName URI', async () => {
    const w = new Workdir();
    const opensslCertificate = (name: string, extensions: string[]): Uint8Array => {
      w.write(`${name}.cnf`, ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', 'CN = alice', '[ext]', ...extensions, ''].join('\n'));
      w.openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.der`, '-outform', 'DER', '-days', '30', '-config', `${name}.cnf`, '-extensions', 'ext');
      return exact(w.read(`${name}.der`));
    };
    try {
      const h = setup();
      const ca = opensslCertificate('ca', ['basicConstraints = critical,CA:TRUE', `subjectAltName = URI:${ALICE}`]);
      const refused = await h.publish({ aor: ALICE, ...credentialBody(ca, undefined, 'none') });
      expect(refused.final.status).toBe(400);
      expect(refused.final.reason).toBe('Bad certificate: cA=true');
      const good = opensslCertificate('ee', ['basicConstraints = critical,CA:FALSE', `subjectAltName = URI:${ALICE}`]);
      expect((await h.publish({ aor: ALICE, ...credentialBody(good, undefined, 'binary') })).final.status).toBe(200);
    } finally {
      w.cleanup();
    }
  });
});

describe('burst limit', () => {
  it('notifies the first 5 changes in a minute at once, holds the rest, and sends the newest state at the window end', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
    const h = setup();
    const credentials = await Promise.all(Array.from({ length: 7 }, () => makeCredential(ALICE)));
    await h.subscribe({ aor: ALICE, callId: 'watch' });
    await h.service.idle();
    h.services.clear();
    for (const credential of credentials) {
      await h.publishCredential(credential);
      await h.service.idle();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(h.services.notifies()).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(60_000 - 7000);
    await h.service.idle();
    const notifies = h.services.notifies();
    expect(notifies).toHaveLength(6);
    expect(equalBytes(notifyEntity(notifies[5]!)!.body, credentials[6]!.certificate)).toBe(true);
    h.service.close();
  });

  it('never holds a revocation', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
    const h = setup({ burst: { limit: 1, windowMs: 60_000 } });
    await h.subscribe({ aor: ALICE, callId: 'watch' });
    await h.service.idle();
    h.services.clear();
    await h.publishCredential(await makeCredential(ALICE));
    await h.publishCredential(await makeCredential(ALICE));
    await h.service.idle();
    expect(h.services.notifies()).toHaveLength(1);
    await h.publish({ aor: ALICE, expires: 0 });
    await h.service.idle();
    expect(h.services.notifies()).toHaveLength(2);
    expect(h.services.notifies()[1]!.body).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(120_000);
    await h.service.idle();
    expect(h.services.notifies()).toHaveLength(2);
    h.service.close();
  });
});
