/**
 * openssl as the independent judge of the S/MIME parts (docs/design.md "S/MIME profile": every CMS object must
 * round-trip with `openssl cms`). Ours -> openssl: the S/MIME part is cut out of our SIP body by hand (not by our MIME
 * parser),
 * decrypted with `openssl cms -decrypt` and verified with `openssl cms -verify -noverify`; out comes the MIME entity
 * of RFC 3261 section 23.4.1.1. openssl -> ours: `openssl cms -sign` then `openssl cms -encrypt` (AES-128-GCM
 * AuthEnvelopedData, AES-128-CBC EnvelopedData), read by readSessionBody / readMessageBody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latin1 } from '../../../src/core/bytes.ts';
import { buildEncryptedMessage, buildSecureSessionBody, checkProtectedHeaders, readMessageBody, readSessionBody } from '../../../src/core/secure-body/index.ts';
import { exact } from '../../helpers/openssl.ts';
import type { Identity } from '../cms/envelope/identities.ts';
import { ALICE, BOB, SDP, makeParties, signer, type Parties } from './parties.ts';
import { ALICE_FROM, BOB_TO, CALL_ID, DATE, INVITE_HEADERS, MESSAGE_HEADERS, NOW, innerWithAttachment } from './protected-vectors.ts';

let p: Parties;
beforeAll(async () => {
  p = await makeParties();
});
afterAll(() => p.w.cleanup());

/** The base64 body of the last part of a multipart body, found by plain string handling. */
function lastPartDer(contentType: string, body: string): Uint8Array {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)![2]!;
  const parts = body.split(`--${boundary}`);
  const last = parts[parts.length - 2]!; // before the close delimiter's "--"
  const content = last.slice(last.indexOf('\r\n\r\n') + 4);
  return new Uint8Array(Buffer.from(content.replace(/\s+/g, ''), 'base64'));
}

/** openssl decrypts `der` as `reader`, then verifies the signature (without a trust chain) and gives the content. */
function opensslOpen(der: Uint8Array, reader: Identity): string {
  p.w.write('smime.der', der);
  p.w.openssl('cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'smime.der', '-recip', reader.certFile, '-inkey', reader.keyFile, '-out', 'inner.der');
  p.w.openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'inner.der', '-noverify', '-out', 'entity');
  return p.w.readText('entity');
}

describe('ours -> openssl', () => {
  it('the S/MIME SDP alternative opens and verifies for the peer (RSA) and the sender (P-256)', async () => {
    const built = await buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: true, crypto: globalThis.crypto });
    const der = lastPartDer(built.contentType, built.body);
    p.w.write('smime.der', der);
    expect(p.w.openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'smime.der').toString()).toMatch(/id-smime-ct-authEnvelopedData[\s\S]*aes-128-gcm/i);
    for (const reader of [p.bob, p.alice]) expect(opensslOpen(der, reader)).toBe(`Content-Type: application/sdp\r\n\r\n${SDP}`);
  });

  it('a lone S/MIME message opens for the peer (P-256) when the sender is RSA', async () => {
    const built = await buildEncryptedMessage('über secret', { signer: signer(p.bob), recipients: [p.alice.certificate], crypto: globalThis.crypto });
    const der = new Uint8Array(Buffer.from(built.body.replace(/\s+/g, ''), 'base64'));
    expect(opensslOpen(der, p.alice)).toBe('Content-Type: text/plain; charset=utf-8\r\n\r\nüber secret');
  });

  it('with protected headers: openssl decrypts and verifies one entity, the SDP beside the message/sip-secure part', async () => {
    const built = await buildSecureSessionBody(SDP, { signer: signer(p.alice), recipients: [p.bob.certificate], clearAlternative: true, crypto: globalThis.crypto, protectedHeaders: INVITE_HEADERS });
    const entity = opensslOpen(lastPartDer(built.contentType, built.body), p.bob);
    const boundary = /^Content-Type: multipart\/mixed; boundary=("?)([^";\r]+)\1\r\n\r\n/.exec(entity)![2]!;
    const parts = entity.split(`--${boundary}`);
    expect(parts).toHaveLength(4); // header section, two parts, the close delimiter's "--"
    expect(parts[1]).toBe(`\r\nContent-Type: application/sdp\r\n\r\n${SDP}\r\n`);
    const fields = [
      'Content-Type: message/sip-secure',
      'Content-Length: 0',
      'X-SIP-SECURE-TO: sip:bob@example.test',
      'X-SIP-SECURE-FROM: sip:alice@example.test',
      'X-SIP-SECURE-METHOD: smime.sec.sip.iana',
      `From: ${ALICE_FROM}`,
      `To: ${BOB_TO}`,
      `Call-ID: ${CALL_ID}`,
      'CSeq: 314159 INVITE',
      `Date: ${DATE}`,
    ];
    // Each field on its line, the empty line before the (empty) body, and the CRLF that belongs to the delimiter.
    expect(parts[2]).toBe(`\r\n${fields.map((field) => `${field}\r\n`).join('')}\r\n\r\n`);
    expect(entity).not.toMatch(/^Via:/im);
  });

  it('a MESSAGE with protected headers opens for the sender too (P-256)', async () => {
    const built = await buildEncryptedMessage('meet at nine', { signer: signer(p.alice), recipients: [p.bob.certificate], crypto: globalThis.crypto, protectedHeaders: MESSAGE_HEADERS });
    const entity = opensslOpen(new Uint8Array(Buffer.from(built.body.replace(/\s+/g, ''), 'base64')), p.alice);
    expect(entity).toMatch(/\r\nContent-Type: text\/plain; charset=utf-8\r\n\r\nmeet at nine\r\n--/);
    expect(entity).toMatch(/\r\nContent-Type: message\/sip-secure\r\n[\s\S]*\r\nCSeq: 1 MESSAGE\r\n/);
  });
});

describe('openssl -> ours', () => {
  /** openssl signs `entity` as `from` and encrypts it to `to` with `cipher`; returns the DER file's bytes. */
  function opensslSeal(entity: string, from: Identity, to: Identity, cipher: string, outform = 'DER'): Uint8Array {
    p.w.write('entity.in', entity);
    p.w.openssl('cms', '-sign', '-binary', '-nodetach', '-md', 'sha256', '-outform', 'DER', '-in', 'entity.in', '-signer', from.certFile, '-inkey', from.keyFile, '-out', 'signed.der');
    const keyopt = to === p.bob ? ['-keyopt', 'rsa_padding_mode:oaep'] : [];
    p.w.openssl('cms', '-encrypt', '-binary', cipher, '-outform', outform, '-in', 'signed.der', '-recip', to.certFile, ...keyopt, '-out', 'sealed');
    return exact(p.w.read('sealed'));
  }

  it('an AES-128-GCM AuthEnvelopedData offer, lone and binary, from alice (P-256) to bob (RSA-OAEP)', async () => {
    const der = opensslSeal(`Content-Type: application/sdp\r\n\r\n${SDP}`, p.alice, p.bob, '-aes-128-gcm');
    const reading = await readSessionBody({
      contentType: 'application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m',
      contentDisposition: 'session;handling=required',
      body: der,
      fromAor: ALICE,
      recipient: signer(p.bob),
      peerCertificate: p.alice.certificate,
      crypto: globalThis.crypto,
    });
    expect(reading).toEqual({ sdp: SDP, encrypted: true, signerAor: ALICE, offeredEncrypted: true, requiredButUnreadable: false });
  });

  it("an AES-128-CBC EnvelopedData message from bob (RSA) to alice (P-256), openssl's own S/MIME entity after a fallback", async () => {
    const smime = latin1(opensslSeal('Content-Type: text/plain; charset=utf-8\r\n\r\nmeet at nine', p.bob, p.alice, '-aes128', 'SMIME'));
    expect(smime).toMatch(/smime-type=enveloped-data/);
    const body = `--b1\r\nContent-Type: text/plain\r\n\r\nencrypted message\r\n--b1\r\n${smime.replace(/^MIME-Version:.*\r?\n/m, '')}\r\n--b1--\r\n`;
    const input = { contentType: 'multipart/alternative; boundary=b1', body, fromAor: BOB, recipient: signer(p.alice), peerCertificate: p.bob.certificate, crypto: globalThis.crypto };
    expect(await readMessageBody(input)).toMatchObject({ text: 'meet at nine', encrypted: true, signerAor: BOB });
    // Without bob's verified certificate it is the fallback, marked clear.
    expect(await readMessageBody({ ...input, peerCertificate: null })).toMatchObject({ text: 'encrypted message', encrypted: false, reason: 'no-peer-certificate' });
  });

  it('an offer whose signed entity openssl made with a message/sip-secure part: read, and accepted against the outer INVITE', async () => {
    const inner = innerWithAttachment(`Content-Type: application/sdp\r\n\r\n${SDP}`, [
      'Content-Type: message/sip-secure',
      'X-SIP-SECURE-TO: sip:bob@example.test',
      'X-SIP-SECURE-FROM: sip:alice@example.test',
      'X-SIP-SECURE-METHOD: smime.sec.sip.iana',
      `From: ${ALICE_FROM}`,
      `To: ${BOB_TO}`,
      `Call-ID: ${CALL_ID}`,
      'CSeq: 314159 INVITE',
      `Date: ${DATE}`,
    ]);
    const der = opensslSeal(inner, p.alice, p.bob, '-aes-128-gcm');
    const reading = await readSessionBody({
      contentType: 'application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m',
      body: der,
      fromAor: ALICE,
      recipient: signer(p.bob),
      peerCertificate: p.alice.certificate,
      crypto: globalThis.crypto,
    });
    expect(reading).toMatchObject({ sdp: SDP, encrypted: true, signerAor: ALICE, protectedHeaders: { secureFrom: ALICE, callId: CALL_ID } });
    expect(checkProtectedHeaders(INVITE_HEADERS, reading.protectedHeaders!, reading.signerAor!, NOW)).toEqual({ ok: true });
  });
});
