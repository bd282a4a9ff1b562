/**
 * The NOTIFY a subscriber receives verifies with the authentication service's certificate (RFC 6072 sections 8 and
 * 10.3): authServiceSigner over server/identity, checked with the core verifier on the serialized and re-parsed NOTIFY.
 */
import { describe, expect, it } from 'vitest';
import { identityDigestString, parseIdentityInfo, verifyIdentity, createAuthServiceCertificate } from '../../../src/core/identity/index.ts';
import { parseCSeq, parseSipMessage, serializeSipMessage, type SipRequest } from '../../../src/core/sip/index.ts';
import { authServiceSigner, CredentialService } from '../../../server/credentials/index.ts';
import { ALICE, DOMAIN, FakeIncoming, FakeServices, MemoryRepository, makeCredential, plain, publishRequest, credentialBody, tls, userOf, subscribeRequest } from './harness.ts';

describe('authServiceSigner', () => {
  it('signs NOTIFYs so that the subscriber can verify From, body and all', async () => {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const certificate = await createAuthServiceCertificate({ domain: DOMAIN, publicKey: pair.publicKey, privateKey: pair.privateKey }, crypto);
    const services = new FakeServices();
    const service = new CredentialService({
      services,
      repository: new MemoryRepository(),
      signer: authServiceSigner({ privateKey: pair.privateKey }, `https://${DOMAIN}/as.cer`),
    });
    const alice = await makeCredential(ALICE);
    await service.handle(new FakeIncoming(publishRequest({ aor: ALICE, ...credentialBody(alice.certificate, alice.encryptedKey) }), tls(), userOf(ALICE)));
    await service.handle(new FakeIncoming(subscribeRequest({ aor: ALICE }), plain(), null));
    await service.idle();

    const sent = services.notifies()[0]!;
    // What the stack adds when it sends: its Via and Max-Forwards (outside the digest-string).
    sent.headers.prepend('Via', 'SIP/2.0/WSS 192.0.2.1:5060;branch=z9hG4bKnotify1').append('Max-Forwards', '70');
    const received = parseSipMessage(serializeSipMessage(sent)) as SipRequest;
    const h = received.headers;
    expect(parseIdentityInfo(h.get('Identity-Info')!)).toMatchObject({ url: `https://${DOMAIN}/as.cer`, alg: 'rsa-sha256' });
    const digestInput = identityDigestString({
      fromUri: h.get('From')!,
      toUri: h.get('To')!,
      callId: h.get('Call-ID')!,
      cseq: parseCSeq(h.get('CSeq')!),
      date: h.get('Date')!,
      contactUri: h.get('Contact')!,
      body: received.body,
    });
    const verified = await verifyIdentity({ identityHeader: h.get('Identity')!, alg: 'rsa-sha256', digestInput, certificate, date: h.get('Date')!, domain: DOMAIN }, crypto);
    expect(verified.certificate.keyType).toBe('RSA');
    service.close();
  });
});
