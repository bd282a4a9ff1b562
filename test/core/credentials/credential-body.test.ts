/**
 * The credential body (RFC 6072 section 7.5): what we build opens with openssl, what openssl-made parts hold we read,
 * and opening a credential tells a wrong passphrase from a key of another certificate.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fromBase64, latin1, utf8 } from '../../../src/core/bytes.ts';
import { buildCredentialBody, openCredential, parseCredentialBody, type CredentialParts } from '../../../src/core/credentials/index.ts';
import { CoreError, type CoreErrorKind } from '../../../src/core/errors.ts';
import { parseMimeBody } from '../../../src/core/mime/index.ts';
import { createSelfSignedCertificate } from '../../../src/core/x509/index.ts';
import { encryptPrivateKeyInfo } from '../../../src/core/pkcs8/index.ts';
import { Workdir } from '../../helpers/openssl.ts';
import { fixture as x509Fixture } from '../x509/fixture.ts';
import { PASSPHRASE, fixture, fixturePath } from './fixture.ts';

const crypto = globalThis.crypto;
const BOB: CredentialParts = { certificate: fixture('bob.cer'), encryptedKey: fixture('bob.epk.der') };
const w = new Workdir();
afterAll(() => w.cleanup());

async function kindOf(promise: Promise<unknown> | (() => unknown)): Promise<CoreErrorKind | 'ok'> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
    return 'ok';
  } catch (error) {
    if (error instanceof CoreError) return error.kind;
    throw error;
  }
}

describe('buildCredentialBody', () => {
  it('writes multipart/mixed of a base64 certificate and a base64 key', () => {
    const built = buildCredentialBody(BOB);
    expect(built.contentType).toMatch(/^multipart\/mixed; boundary=/);
    const text = latin1(built.body);
    expect(text).toContain('Content-Type: application/pkix-cert\r\nContent-Transfer-Encoding: base64\r\n');
    expect(text).toContain('Content-Type: application/pkcs8\r\nContent-Transfer-Encoding: base64\r\n');
    expect(built.body.every((b) => b < 0x80)).toBe(true); // text, for JsSIP's WebSocket frames
  });

  it('openssl reads the certificate part and opens the key part', () => {
    const entity = parseMimeBody(buildCredentialBody(BOB).contentType, buildCredentialBody(BOB).body);
    const [certPart, keyPart] = entity.parts!;
    const encoded = (part: typeof certPart): string => {
      const raw = latin1(part!.raw!);
      return raw.slice(raw.indexOf('\r\n\r\n') + 4);
    };
    w.write('cert.b64', encoded(certPart).replace(/\r\n/g, '\n'));
    w.write('key.b64', encoded(keyPart).replace(/\r\n/g, '\n'));
    w.openssl('base64', '-d', '-in', 'cert.b64', '-out', 'cert.der');
    w.openssl('base64', '-d', '-in', 'key.b64', '-out', 'key.der');
    expect(w.read('cert.der')).toEqual(BOB.certificate);
    const subject = w.openssl('x509', '-inform', 'DER', '-in', 'cert.der', '-noout', '-ext', 'subjectAltName').toString();
    expect(subject).toContain('URI:sip:bob@example.test');
    const key = w.openssl('pkcs8', '-inform', 'DER', '-in', 'key.der', '-passin', `pass:${PASSPHRASE}`).toString();
    expect(key).toContain('-----BEGIN PRIVATE KEY-----');
  });

  it('takes a boundary randomness source', () => {
    expect(buildCredentialBody(BOB, { crypto }).contentType).toMatch(/boundary="?sealphone-[0-9a-f]{32}/);
  });

  it.each([
    { name: 'a certificate that is not one', parts: { certificate: utf8('hello'), encryptedKey: BOB.encryptedKey } },
    { name: 'a clear private key', parts: { certificate: BOB.certificate, encryptedKey: x509Fixture('bob-p256.key.der') } },
    { name: 'a key that is not PKCS#8', parts: { certificate: BOB.certificate, encryptedKey: utf8('key') } },
  ])('refuses $name', async ({ parts }) => {
    expect(await kindOf(() => buildCredentialBody(parts))).toBe('invalid-argument');
  });
});

describe('parseCredentialBody', () => {
  it('reads back what buildCredentialBody wrote', () => {
    const built = buildCredentialBody(BOB);
    expect(parseCredentialBody(built.contentType, built.body)).toEqual(BOB);
  });

  it('reads a certificate-only credential', () => {
    const built = buildCredentialBody({ certificate: BOB.certificate });
    expect(parseCredentialBody(built.contentType, built.body)).toEqual({ certificate: BOB.certificate });
  });

  it('reads binary parts with LF line ends, as the README makes them', () => {
    const parts = parseCredentialBody('multipart/mixed;boundary=frontier', fixture('credential-binary.mime'));
    expect(parts).toEqual(BOB);
  });

  it('reads a bare application/pkix-cert, binary or base64', () => {
    expect(parseCredentialBody('application/pkix-cert', BOB.certificate)).toEqual({ certificate: BOB.certificate });
    expect(parseCredentialBody('application/pkix-cert', fixture('bob.cer.b64'), [['Content-Transfer-Encoding', 'base64']])).toEqual({ certificate: BOB.certificate });
  });

  const part = (type: string, body: Uint8Array): string => `--b\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: base64\r\n\r\n${btoa(latin1(body))}\r\n`;
  const multipart = (...parts: string[]): Uint8Array => utf8(`${parts.join('')}--b--\r\n`);
  const cert = part('application/pkix-cert', BOB.certificate);
  const key = part('application/pkcs8', BOB.encryptedKey!);

  it.each([
    { name: 'no Content-Type', type: undefined, body: multipart(cert, key), kind: 'malformed-mime' },
    { name: 'an empty body', type: 'multipart/mixed;boundary=b', body: new Uint8Array(0), kind: 'malformed-mime' },
    { name: 'another type', type: 'text/plain', body: utf8('hello'), kind: 'malformed-mime' },
    { name: 'two certificates', type: 'multipart/mixed;boundary=b', body: multipart(cert, cert, key), kind: 'malformed-mime' },
    { name: 'no certificate', type: 'multipart/mixed;boundary=b', body: multipart(key), kind: 'malformed-mime' },
    { name: 'two keys', type: 'multipart/mixed;boundary=b', body: multipart(cert, key, key), kind: 'malformed-mime' },
    { name: 'a part of another type', type: 'multipart/mixed;boundary=b', body: multipart(cert, part('text/plain', utf8('x'))), kind: 'malformed-mime' },
    { name: 'a certificate that is not DER', type: 'multipart/mixed;boundary=b', body: multipart(part('application/pkix-cert', utf8('x')), key), kind: 'malformed-der' },
    { name: 'a clear key', type: 'multipart/mixed;boundary=b', body: multipart(cert, part('application/pkcs8', x509Fixture('bob-p256.key.der'))), kind: 'malformed-key' },
    { name: 'a key that is not PKCS#8', type: 'multipart/mixed;boundary=b', body: multipart(cert, part('application/pkcs8', BOB.certificate)), kind: 'malformed-key' },
    { name: 'a broken base64 part', type: 'multipart/mixed;boundary=b', body: utf8('--b\r\nContent-Type: application/pkix-cert\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n--b--\r\n'), kind: 'malformed-mime' },
  ])('refuses $name: $kind', async ({ type, body, kind }) => {
    expect(await kindOf(() => parseCredentialBody(type, body))).toBe(kind);
  });
});

describe('openCredential', () => {
  it('opens the openssl-encrypted key with the passphrase and matches it to the certificate', async () => {
    const opened = await openCredential(BOB, PASSPHRASE, crypto);
    expect(opened.certificate.sanUris).toEqual(['sip:bob@example.test']);
    expect(opened.keys.type).toBe('P-256');
    expect(opened.keys.signing.extractable).toBe(false);
  });

  it('opens an RSA credential we made ourselves', async () => {
    const made = await createSelfSignedCertificate({ aor: 'sip:rita@example.test', keyType: 'RSA-2048' }, crypto);
    const encryptedKey = await encryptPrivateKeyInfo(made.privateKeyInfo, 'a long enough passphrase', crypto, { iterations: 1000 });
    const opened = await openCredential({ certificate: made.certificateDer, encryptedKey }, 'a long enough passphrase', crypto);
    expect(opened.keys.type).toBe('RSA');
  });

  it.each([
    { name: 'a wrong passphrase', parts: BOB, passphrase: 'correct horse battery stapler', kind: 'wrong-passphrase' },
    { name: 'an empty passphrase', parts: BOB, passphrase: '', kind: 'wrong-passphrase' },
    { name: 'Carol’s key with Bob’s certificate', parts: { certificate: BOB.certificate, encryptedKey: fixture('carol.epk.der') }, passphrase: PASSPHRASE, kind: 'key-mismatch' },
    {
      name: 'an RSA key with a P-256 certificate',
      parts: { certificate: BOB.certificate, encryptedKey: fromBase64(latin1(x509Fixture('bob-rsa2048.aes256-sha256.epk.pem')).replace(/-----[^-]+-----/g, '')) },
      passphrase: PASSPHRASE,
      kind: 'key-mismatch',
    },
    { name: 'no key', parts: { certificate: BOB.certificate }, passphrase: PASSPHRASE, kind: 'invalid-argument' },
    { name: 'a broken certificate', parts: { certificate: BOB.certificate.subarray(0, 50), encryptedKey: BOB.encryptedKey }, passphrase: PASSPHRASE, kind: 'malformed-der' },
  ])('$name is $kind', async ({ parts, passphrase, kind }) => {
    expect(await kindOf(openCredential(parts, passphrase, crypto))).toBe(kind);
  });

  it('the fixture keys really differ (openssl)', () => {
    const pub = (key: string): string => w.openssl('pkey', '-in', fixturePath(key), '-pubout').toString();
    expect(pub('bob-key.pem')).not.toBe(pub('carol-key.pem'));
  });
});
