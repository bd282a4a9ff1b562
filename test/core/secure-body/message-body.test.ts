/** Encrypted page-mode IM (RFC 8591): both ways, the fallback, and what a MESSAGE reader reports. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latin1, utf8 } from '../../../src/core/bytes.ts';
import { signThenEncrypt } from '../../../src/core/cms/sign-then-encrypt.ts';
import { buildMimeBody, contentDisposition, contentType, leafEntity, multipartEntity, parseMimeBody } from '../../../src/core/mime/index.ts';
import { buildEncryptedMessage, readMessageBody, safeFallback } from '../../../src/core/secure-body/index.ts';
import { ALICE, BOB, flipBase64, fromAliceToBob, makeParties, signer, type Parties } from './parties.ts';

let p: Parties;
beforeAll(async () => {
  p = await makeParties();
});
afterAll(() => p.w.cleanup());

const SECRET = 'The vault code is 7391 — grüße, 秘密';
const FALLBACK = 'This message is end-to-end encrypted. Open it in SealPhone.';
const send = (fallback?: string, text = SECRET) =>
  buildEncryptedMessage(text, { signer: signer(p.alice), recipients: [p.bob.certificate], crypto: globalThis.crypto, ...(fallback === undefined ? {} : { fallback }) });

describe('buildEncryptedMessage', () => {
  it('alone: application/pkcs7-mime with render;handling=required, nothing of the text in clear', async () => {
    const built = await send();
    expect(built.contentType).toBe('application/pkcs7-mime; smime-type=auth-enveloped-data; name=smime.p7m');
    expect(built.contentDisposition).toMatch(/^render; handling=required/);
    expect(built.body).not.toContain('7391');
  });

  it('with a fallback: multipart/alternative, fallback text/plain first, S/MIME last with render; handling=optional', async () => {
    const built = await send(FALLBACK);
    expect(built.contentType).toMatch(/^multipart\/alternative; boundary=/);
    const parts = parseMimeBody(built.contentType, utf8(built.body)).parts!;
    expect(parts.map((part) => contentType(part).value)).toEqual(['text/plain', 'application/pkcs7-mime']);
    expect(new TextDecoder().decode(parts[0]!.body)).toBe(FALLBACK);
    expect(contentDisposition(parts[1]!)?.value).toBe('render');
    expect(contentDisposition(parts[1]!)?.params.get('handling')).toBe('optional');
    // The secret is nowhere in what the servers see, in any encoding.
    for (const needle of ['7391', 'vault', 'grüße', '秘密']) {
      expect(built.body).not.toContain(needle);
      expect(latin1(utf8(built.body))).not.toContain(latin1(utf8(needle)));
    }
  });

  it('a fallback that repeats the text is not sent', async () => {
    expect(safeFallback(SECRET, `preview: ${SECRET}`)).toBeUndefined();
    expect(safeFallback('hi', 'hi')).toBeUndefined();
    expect(safeFallback('hello', FALLBACK)).toBe(FALLBACK);
    expect(safeFallback('x', '')).toBeUndefined();
    const built = await send(`You got: ${SECRET}`);
    expect(built.contentType).toMatch(/^application\/pkcs7-mime/);
    expect(built.body).not.toContain('7391');
  });
});

describe('readMessageBody', () => {
  it('decrypts and verifies a lone S/MIME message (P-256 signer, RSA recipient)', async () => {
    const reading = await readMessageBody(fromAliceToBob(p, await send()));
    expect(reading).toEqual({ text: SECRET, encrypted: true, signerAor: ALICE, offeredEncrypted: true, requiredButUnreadable: false, unsupported: false });
  });

  it('decrypts the other way (RSA signer, P-256 recipient)', async () => {
    const built = await buildEncryptedMessage('hi alice', { signer: signer(p.bob), recipients: [p.alice.certificate], fallback: FALLBACK, crypto: globalThis.crypto });
    const reading = await readMessageBody({ ...built, fromAor: BOB, recipient: signer(p.alice), peerCertificate: p.bob.certificate, crypto: globalThis.crypto });
    expect(reading).toMatchObject({ text: 'hi alice', encrypted: true, signerAor: BOB });
  });

  it('prefers the encrypted part of an alternative', async () => {
    expect(await readMessageBody(fromAliceToBob(p, await send(FALLBACK)))).toMatchObject({ text: SECRET, encrypted: true });
  });

  it('shows the fallback, marked clear, when the encrypted part fails', async () => {
    const built = await send(FALLBACK);
    const cases = [
      [fromAliceToBob(p, { ...built, body: flipBase64(built.body) }), 'decrypt-failed'],
      [fromAliceToBob(p, built, { recipient: null }), 'no-own-key'],
      [fromAliceToBob(p, built, { peerCertificate: null }), 'no-peer-certificate'],
      [fromAliceToBob(p, built, { peerCertificate: p.mallory.certificate }), 'signer-mismatch'],
    ] as const;
    for (const [input, reason] of cases) {
      expect(await readMessageBody(input)).toMatchObject({ text: FALLBACK, encrypted: false, reason, offeredEncrypted: true, requiredButUnreadable: false, unsupported: false });
    }
  });

  it('a lone message it cannot read: no text, requiredButUnreadable (493)', async () => {
    const reading = await readMessageBody(fromAliceToBob(p, await send(), { recipient: signer(p.mallory) }));
    expect(reading).toMatchObject({ text: null, encrypted: false, reason: 'decrypt-failed', requiredButUnreadable: true, unsupported: false });
  });

  it('an unsigned encrypted message is not shown as encrypted', async () => {
    const der = await signThenEncrypt(utf8('Content-Type: text/plain; charset=utf-8\r\n\r\nforged'), null, [p.bob.certificate], globalThis.crypto);
    const reading = await readMessageBody(fromAliceToBob(p, { contentType: 'application/pkcs7-mime; smime-type=auth-enveloped-data', body: der }));
    expect(reading).toMatchObject({ text: null, reason: 'not-signed', requiredButUnreadable: true });
  });

  it('clear text/plain: shown, not encrypted', async () => {
    const reading = await readMessageBody(fromAliceToBob(p, { contentType: 'text/plain;charset=UTF-8', body: latin1(utf8('grüße')) }));
    expect(reading).toMatchObject({ text: 'grüße', encrypted: false, reason: 'no-encrypted-part', offeredEncrypted: false, requiredButUnreadable: false, unsupported: false });
  });

  it('a type it cannot show: unsupported (415)', async () => {
    for (const body of [
      { contentType: 'application/im-iscomposing+xml', body: '<isComposing/>' },
      (() => {
        const built = buildMimeBody(multipartEntity('alternative', [leafEntity({ contentType: 'text/html', body: '<b>hi</b>' })]));
        return { contentType: built.contentType, body: built.body };
      })(),
    ]) {
      expect(await readMessageBody(fromAliceToBob(p, body))).toMatchObject({ text: null, unsupported: true, offeredEncrypted: false });
    }
  });

  it('a charset it does not read: malformed, not a throw', async () => {
    const reading = await readMessageBody(fromAliceToBob(p, { contentType: 'text/plain; charset=koi8-r', body: 'x' }));
    expect(reading).toMatchObject({ text: null, reason: 'malformed' });
  });

  it('an encrypted content that is not text/plain falls back with malformed', async () => {
    const der = await signThenEncrypt(utf8('Content-Type: text/html\r\n\r\n<b>x</b>'), signer(p.alice), [p.bob.certificate], globalThis.crypto);
    const built = buildMimeBody(
      multipartEntity('alternative', [
        leafEntity({ contentType: 'text/plain', body: FALLBACK }),
        leafEntity({ contentType: 'application/pkcs7-mime', transferEncoding: 'base64', disposition: 'render; handling=optional', body: der }),
      ]),
    );
    const reading = await readMessageBody(fromAliceToBob(p, { contentType: built.contentType, body: built.body }));
    expect(reading).toMatchObject({ text: FALLBACK, encrypted: false, reason: 'malformed' });
  });
});
