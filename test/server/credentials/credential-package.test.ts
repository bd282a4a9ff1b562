/**
 * The credential event package (RFC 6072 section 7): only the authenticated owner, only over TLS or loopback; the
 * NOTIFY carries the certificate and the encrypted key; revocation ends the subscription with reason=deactivated.
 */
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../../../src/core/bytes.ts';
import { needsAuthentication } from '../../../server/credentials/index.ts';
import { ALICE, BOB, loopback, makeCredential, notifyEntity, plain, publishRequest, setup, stateOf, subscribeRequest, tagFrom, tls, userOf } from './harness.ts';

describe('SUBSCRIBE credential', () => {
  it('gives the owner over TLS an empty NOTIFY before anything is published, then the pair once published', async () => {
    const h = setup();
    const incoming = await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential', callId: 'own' }, tls(), userOf(ALICE));
    expect(incoming.final.status).toBe(200);
    await h.service.idle();
    const [empty] = h.services.notifies('own');
    expect(stateOf(empty!).state).toBe('active');
    expect(empty!.body).toHaveLength(0);
    expect(empty!.headers.get('Event')).toBe('credential');
    expect(empty!.headers.get('From')).toBe(`<${ALICE}>;tag=${tagFrom(incoming.final.headers.get('To'))}`);

    const alice = await makeCredential(ALICE);
    await h.publishCredential(alice);
    await h.service.idle();
    const [, full] = h.services.notifies('own');
    expect(full!.headers.get('Content-Disposition')).toBe('signal');
    const parts = notifyEntity(full!)!.parts!;
    expect(equalBytes(parts[0]!.body, alice.certificate)).toBe(true);
    expect(equalBytes(parts[1]!.body, alice.encryptedKey)).toBe(true);
    expect(full!.body.every((b) => b < 0x80)).toBe(true);
  });

  it('serves the owner over loopback too', async () => {
    const h = setup();
    await h.publishCredential(await makeCredential(ALICE));
    expect((await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential' }, loopback(), userOf(ALICE))).final.status).toBe(200);
  });

  it('answers 403 to another user, to nobody, and to the owner over plain ws from another machine', async () => {
    const h = setup();
    await h.publishCredential(await makeCredential(ALICE));
    const bob = await h.subscribe({ aor: ALICE, from: BOB, event: 'credential' }, tls(), userOf(BOB));
    expect(bob.final.status).toBe(403);
    expect(bob.final.reason).toBe(`Forbidden: not the owner of ${ALICE}`);
    const nobody = await h.subscribe({ aor: ALICE, from: BOB, event: 'credential' }, tls(), null);
    expect(nobody.final.status).toBe(403);
    expect(nobody.final.reason).toBe('Forbidden: authentication required');
    const overPlain = await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential' }, plain(), userOf(ALICE));
    expect(overPlain.final.status).toBe(403);
    expect(overPlain.final.reason).toBe('Forbidden: credentials only over TLS or loopback');
    await h.service.idle();
    expect(h.services.sent).toHaveLength(0);
    expect(h.service.subscriptionCount).toBe(0);
  });

  it('checks the owner and the transport again on refresh', async () => {
    const h = setup();
    const first = await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential', callId: 'r' }, tls(), userOf(ALICE));
    const toTag = tagFrom(first.final.headers.get('To'))!;
    const refreshPlain = await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential', callId: 'r', toTag, cseq: 2 }, plain(), userOf(ALICE));
    expect(refreshPlain.final.status).toBe(403);
    const refreshTls = await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential', callId: 'r', toTag, cseq: 3 }, tls(), userOf(ALICE));
    expect(refreshTls.final.status).toBe(200);
  });

  it('answers 406 when Accept lists neither multipart/mixed nor application/pkcs8', async () => {
    const h = setup();
    const refused = await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential', accept: 'application/pkix-cert' }, tls(), userOf(ALICE));
    expect(refused.final.status).toBe(406);
    const taken = await h.subscribe({ aor: ALICE, from: ALICE, event: 'credential', accept: 'multipart/mixed, application/pkix-cert, application/pkcs8' }, tls(), userOf(ALICE));
    expect(taken.final.status).toBe(200);
  });

  it('tells the stack which requests need digest authentication', () => {
    expect(needsAuthentication(subscribeRequest({ aor: ALICE, event: 'credential' }))).toBe(true);
    expect(needsAuthentication(publishRequest({ aor: ALICE }))).toBe(true);
    expect(needsAuthentication(subscribeRequest({ aor: ALICE, event: 'certificate' }))).toBe(false);
    expect(needsAuthentication(subscribeRequest({ aor: ALICE, event: 'credential.winfo' }))).toBe(false);
  });
});
