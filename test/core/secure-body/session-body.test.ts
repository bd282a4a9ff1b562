/**
 * Secure session bodies (RFC 3261 section 23.4): every branch of choosing the SDP, with P-256 (alice) and RSA (bob)
 * keys both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, utf8 } from '../../../src/core/bytes.ts';
import { encryptEnvelope } from '../../../src/core/cms/envelope/index.ts';
import { signThenEncrypt } from '../../../src/core/cms/sign-then-encrypt.ts';
import { signData } from '../../../src/core/cms/signed/index.ts';
import { buildMimeBody, leafEntity, multipartEntity, parseMimeBody, contentDisposition, contentType } from '../../../src/core/mime/index.ts';
import { buildSecureSessionBody, readSessionBody, sdpFingerprints, type SessionBodyReading } from '../../../src/core/secure-body/index.ts';
import { flip, indexOf } from '../cms/signed/bytes-search.ts';
import { ALICE, BOB, FINGERPRINT, RELAY_FINGERPRINT, SDP, flipBase64, fromAliceToBob, makeParties, signer, type Parties } from './parties.ts';

let p: Parties;
beforeAll(async () => {
  p = await makeParties();
});
afterAll(() => p.w.cleanup());

const INNER = utf8(`Content-Type: application/sdp\r\n\r\n${SDP}`);
const offer = (clearAlternative: boolean) =>
  buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate, p.alice.certificate], clearAlternative, crypto: globalThis.crypto });

/** A lone application/pkcs7-mime body around `der`, base64 as we send it. */
function loneBody(der: Uint8Array, disposition = 'session;handling=required') {
  const built = buildMimeBody(leafEntity({ contentType: 'application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m', transferEncoding: 'base64', body: der }));
  return { contentType: built.contentType, contentDisposition: disposition, body: built.body };
}

/** multipart/alternative of the clear SDP and `der` as the S/MIME part (handling=optional). */
function alternativeBody(der: Uint8Array, transferEncoding: 'base64' | 'binary' = 'base64') {
  const built = buildMimeBody(
    multipartEntity('alternative', [
      leafEntity({ contentType: 'application/sdp', body: SDP }),
      leafEntity({
        contentType: 'application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m',
        transferEncoding,
        disposition: 'session; handling=optional',
        body: der,
      }),
    ]),
  );
  return { contentType: built.contentType, body: built.body };
}

function expectClear(reading: SessionBodyReading, reason: string): void {
  expect(reading).toMatchObject({ sdp: SDP, encrypted: false, reason, offeredEncrypted: true, requiredButUnreadable: false });
  expect(reading.detail).toBeTruthy();
}

describe('buildSecureSessionBody', () => {
  it('with a clear alternative: multipart/alternative, clear SDP first, S/MIME last with session; handling=optional', async () => {
    const built = await offer(true);
    expect(built.contentType).toMatch(/^multipart\/alternative; boundary=/);
    expect(built.contentDisposition).toBeUndefined();
    expect(built.body).toMatch(/^[\x20-\x7e\r\n]*$/);
    const entity = parseMimeBody(built.contentType, utf8(built.body));
    const [clear, smime] = entity.parts!;
    expect(entity.parts).toHaveLength(2);
    expect(contentType(clear!).value).toBe('application/sdp');
    expect(new TextDecoder().decode(clear!.body)).toBe(SDP);
    expect(smime!.headers.get('content-type')).toBe('application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m');
    expect(smime!.headers.get('content-transfer-encoding')).toBe('base64');
    expect(contentDisposition(smime!)?.value).toBe('session');
    expect(contentDisposition(smime!)?.params.get('handling')).toBe('optional');
  });

  it('without: the whole body is the S/MIME entity, base64, with session;handling=required for the SIP header', async () => {
    const built = await offer(false);
    expect(built.contentType).toBe('application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m');
    expect(built.contentDisposition).toMatch(/^session; handling=required/);
    expect(built.body).toMatch(/^[A-Za-z0-9+/=\r\n]+$/);
    expect(built.body).not.toContain('192.0.2.55');
    expect(fromBase64(built.body)[0]).toBe(0x30);
  });

  it('takes a given boundary', async () => {
    const built = await buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: true, crypto: globalThis.crypto, boundary: 'unique-boundary-1' });
    expect(built.contentType).toBe('multipart/alternative; boundary=unique-boundary-1');
  });
});

describe('readSessionBody chooses', () => {
  it('the clear SDP when that is all there is', async () => {
    const reading = await readSessionBody(fromAliceToBob(p, { contentType: 'application/sdp', body: SDP }));
    expect(reading).toMatchObject({ sdp: SDP, encrypted: false, reason: 'no-encrypted-part', offeredEncrypted: false, requiredButUnreadable: false });
  });

  it('the encrypted SDP of an alternative that decrypts and verifies (P-256 signer, RSA recipient)', async () => {
    const reading = await readSessionBody(fromAliceToBob(p, await offer(true)));
    expect(reading).toEqual({ sdp: SDP, encrypted: true, signerAor: ALICE, offeredEncrypted: true, requiredButUnreadable: false });
  });

  it('the encrypted SDP the other way (RSA signer, P-256 recipient), and the sender can read its own', async () => {
    const built = await buildSecureSessionBody(SDP, { signer: signer(p.bob), recipients: [p.alice.certificate], clearAlternative: false, crypto: globalThis.crypto });
    const atAlice = await readSessionBody({ ...built, fromAor: BOB, recipient: signer(p.alice), peerCertificate: p.bob.certificate, crypto: globalThis.crypto });
    expect(atAlice).toMatchObject({ sdp: SDP, encrypted: true, signerAor: BOB });
    const atBob = await readSessionBody({ ...built, fromAor: BOB, recipient: signer(p.bob), peerCertificate: p.bob.certificate, crypto: globalThis.crypto });
    expect(atBob).toMatchObject({ sdp: SDP, encrypted: true });
  });

  it('a lone S/MIME body', async () => {
    const reading = await readSessionBody(fromAliceToBob(p, await offer(false)));
    expect(reading).toEqual({ sdp: SDP, encrypted: true, signerAor: ALICE, offeredEncrypted: true, requiredButUnreadable: false });
  });

  it('the encrypted SDP with the original fingerprint when a relay rewrote the clear one', async () => {
    const built = await offer(true);
    const rewritten = { ...built, body: built.body.replace(FINGERPRINT, RELAY_FINGERPRINT) };
    expect(rewritten.body).toContain(RELAY_FINGERPRINT);
    const reading = await readSessionBody(fromAliceToBob(p, rewritten));
    expect(reading.encrypted).toBe(true);
    expect(sdpFingerprints(reading.sdp!)).toEqual([FINGERPRINT]);
  });

  it('the clear SDP with decrypt-failed when a byte of the S/MIME part is flipped', async () => {
    const built = await offer(true);
    expectClear(await readSessionBody(fromAliceToBob(p, { ...built, body: flipBase64(built.body) })), 'decrypt-failed');
  });

  it('the clear SDP with decrypt-failed when the part is not encrypted to us', async () => {
    const der = await signThenEncrypt(INNER, signer(p.alice), [p.alice.certificate], globalThis.crypto);
    expectClear(await readSessionBody(fromAliceToBob(p, alternativeBody(der))), 'decrypt-failed');
  });

  it('the clear SDP with signer-mismatch when another key signed (its certificate carried)', async () => {
    const der = await signThenEncrypt(INNER, signer(p.mallory), [p.bob.certificate], globalThis.crypto);
    expectClear(await readSessionBody(fromAliceToBob(p, alternativeBody(der))), 'signer-mismatch');
  });

  it('the clear SDP with signer-mismatch when the certificate names alice but is not the verified one', async () => {
    const der = await signThenEncrypt(INNER, signer(p.impostor), [p.bob.certificate], globalThis.crypto);
    expectClear(await readSessionBody(fromAliceToBob(p, alternativeBody(der))), 'signer-mismatch');
  });

  it('the clear SDP with signer-mismatch when the verified certificate names another AOR than From', async () => {
    const der = await signThenEncrypt(INNER, signer(p.mallory), [p.bob.certificate], globalThis.crypto);
    const reading = await readSessionBody(fromAliceToBob(p, alternativeBody(der), { peerCertificate: p.mallory.certificate }));
    expectClear(reading, 'signer-mismatch');
    expect(reading.detail).toContain('sip:mallory@example.test');
  });

  it('the clear SDP with signature-invalid when the signed content was altered before encryption', async () => {
    const signed = await signData(INNER, signer(p.alice), globalThis.crypto);
    const tampered = flip(signed, indexOf(signed, utf8('192.0.2.55')));
    const der = await encryptEnvelope(tampered, [p.bob.certificate], globalThis.crypto);
    expectClear(await readSessionBody(fromAliceToBob(p, alternativeBody(der))), 'signature-invalid');
  });

  it('the clear SDP with signature-invalid when the signer certificate has expired at `now`', async () => {
    const reading = await readSessionBody(fromAliceToBob(p, await offer(true), { now: new Date(Date.now() + 400 * 86_400_000) }));
    expectClear(reading, 'signature-invalid');
    expect(reading.detail).toMatch(/valid from/);
  });

  it('the clear SDP with not-signed when the part is only encrypted', async () => {
    const der = await signThenEncrypt(INNER, null, [p.bob.certificate], globalThis.crypto);
    expectClear(await readSessionBody(fromAliceToBob(p, alternativeBody(der))), 'not-signed');
  });

  it('the clear SDP with no-own-key when this device has no key', async () => {
    expectClear(await readSessionBody(fromAliceToBob(p, await offer(true), { recipient: null })), 'no-own-key');
  });

  it('the clear SDP with no-peer-certificate when alice has no verified certificate', async () => {
    expectClear(await readSessionBody(fromAliceToBob(p, await offer(true), { peerCertificate: null })), 'no-peer-certificate');
  });

  it('a binary (and an unlabelled binary) S/MIME part', async () => {
    const der = await signThenEncrypt(INNER, signer(p.alice), [p.bob.certificate], globalThis.crypto);
    const binary = alternativeBody(der, 'binary');
    expect(await readSessionBody(fromAliceToBob(p, binary))).toMatchObject({ sdp: SDP, encrypted: true });
    const lone = await readSessionBody(fromAliceToBob(p, { contentType: 'application/pkcs7-mime; smime-type=auth-enveloped-data', body: der }));
    expect(lone).toMatchObject({ sdp: SDP, encrypted: true });
  });

  it('an inner SDP signed without MIME headers', async () => {
    const der = await signThenEncrypt(utf8(SDP), signer(p.alice), [p.bob.certificate], globalThis.crypto);
    expect(await readSessionBody(fromAliceToBob(p, loneBody(der)))).toMatchObject({ sdp: SDP, encrypted: true });
  });

  it('an S/MIME alternative even when a sender put it first', async () => {
    const der = await signThenEncrypt(INNER, signer(p.alice), [p.bob.certificate], globalThis.crypto);
    const built = buildMimeBody(
      multipartEntity('alternative', [
        leafEntity({ contentType: 'application/pkcs7-mime; smime-type=auth-enveloped-data', transferEncoding: 'base64', disposition: 'session; handling=optional', body: der }),
        leafEntity({ contentType: 'application/sdp', body: SDP.replace(FINGERPRINT, RELAY_FINGERPRINT) }),
      ]),
    );
    const reading = await readSessionBody(fromAliceToBob(p, { contentType: built.contentType, body: built.body }));
    expect(reading).toMatchObject({ sdp: SDP, encrypted: true });
  });
});

describe('readSessionBody when nothing is usable', () => {
  it('a lone required S/MIME body that does not decrypt: requiredButUnreadable', async () => {
    const built = await offer(false);
    const reading = await readSessionBody(fromAliceToBob(p, { ...built, body: flipBase64(built.body) }));
    expect(reading).toMatchObject({ sdp: null, encrypted: false, reason: 'decrypt-failed', offeredEncrypted: true, requiredButUnreadable: true });
  });

  it('a lone S/MIME body without Content-Disposition is required (rfc3261#section-20.11)', async () => {
    const der = await signThenEncrypt(INNER, signer(p.alice), [p.alice.certificate], globalThis.crypto);
    const reading = await readSessionBody(fromAliceToBob(p, { contentType: 'application/pkcs7-mime', body: der }));
    expect(reading).toMatchObject({ sdp: null, reason: 'decrypt-failed', requiredButUnreadable: true });
  });

  it('a lone optional S/MIME body with no own key: nothing, but no 493', async () => {
    const built = await offer(false);
    const reading = await readSessionBody(fromAliceToBob(p, { ...built, contentDisposition: 'session;handling=optional' }, { recipient: null }));
    expect(reading).toMatchObject({ sdp: null, reason: 'no-own-key', offeredEncrypted: true, requiredButUnreadable: false });
  });

  it('a lone S/MIME body of broken base64: malformed and requiredButUnreadable', async () => {
    const reading = await readSessionBody(fromAliceToBob(p, { contentType: 'application/pkcs7-mime', contentDisposition: 'session', body: 'MI!!not base64' }));
    expect(reading).toMatchObject({ sdp: null, reason: 'malformed', offeredEncrypted: true, requiredButUnreadable: true });
  });

  it('a multipart/alternative without a close delimiter: malformed, no throw', async () => {
    const built = await offer(true);
    const cut = built.body.slice(0, built.body.lastIndexOf('--'));
    const reading = await readSessionBody(fromAliceToBob(p, { contentType: built.contentType, body: cut }));
    expect(reading).toMatchObject({ sdp: null, encrypted: false, reason: 'malformed', requiredButUnreadable: false });
    expect(reading.detail).toMatch(/delimiter/);
  });

  it('a multipart/alternative without a boundary, and a bad Content-Type: malformed', async () => {
    for (const contentType of ['multipart/alternative', 'application/', 'multipart/alternative; boundary="x']) {
      const reading = await readSessionBody(fromAliceToBob(p, { contentType, body: SDP }));
      expect(reading).toMatchObject({ sdp: null, reason: 'malformed' });
    }
  });

  it('a decrypted content that is not SDP: malformed', async () => {
    const der = await signThenEncrypt(utf8('Content-Type: text/plain\r\n\r\nhello'), signer(p.alice), [p.bob.certificate], globalThis.crypto);
    const reading = await readSessionBody(fromAliceToBob(p, alternativeBody(der)));
    expectClear(reading, 'malformed');
    expect(reading.detail).toMatch(/decrypted content/);
  });

  it('a body type that holds no SDP', async () => {
    const reading = await readSessionBody(fromAliceToBob(p, { contentType: 'text/html', body: '<p>' }));
    expect(reading).toMatchObject({ sdp: null, reason: 'malformed', offeredEncrypted: false, requiredButUnreadable: false });
  });

  it('refuses caller mistakes (not peer input) with invalid-argument', async () => {
    await expect(readSessionBody({ ...fromAliceToBob(p, { contentType: 'application/sdp', body: SDP }), body: 5 as never })).rejects.toMatchObject({ kind: 'invalid-argument' });
  });
});
