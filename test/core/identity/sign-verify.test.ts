/**
 * RFC 4474 signing and verification, judged by openssl: our signatures verify with `openssl dgst -verify`, and
 * signatures made by `openssl dgst -sign` (SHA-256, and SHA-1 as Kamailio's auth_identity signs) verify with ours.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, toArrayBuffer, toBase64, utf8 } from '../../../src/core/bytes.ts';
import { CoreError, isCoreError, type CoreErrorKind } from '../../../src/core/errors.ts';
import {
  IDENTITY_REQUIRED,
  createAuthServiceCertificate,
  formatIdentityHeader,
  formatSipDate,
  identityDigestString,
  identityResponseFor,
  signIdentity,
  verifyIdentity,
  type IdentityDigestFields,
  type VerifyIdentityParams,
} from '../../../src/core/identity/index.ts';
import { parsePem } from '../../../src/core/pem.ts';
import { createSelfSignedCertificate } from '../../../src/core/x509/index.ts';
import { mutate, mutations, okOrCoreError } from '../../helpers/mutations.ts';
import { Workdir } from '../../helpers/openssl.ts';

const crypto = globalThis.crypto;
// A minute after the openssl certificates made below start (their notBefore is the second they are made).
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
const w = new Workdir();
let privateKey: CryptoKey;
let certificate: Uint8Array;

const RSA_SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

function request(change: Partial<IdentityDigestFields> = {}): IdentityDigestFields {
  return {
    fromUri: '"Alice" <sip:alice@example.test>;tag=1928301774',
    toUri: '<sip:bob@example.test>',
    callId: 'a84b4c76e66710@192.0.2.4',
    cseq: { seq: 314159, method: 'MESSAGE' },
    date: formatSipDate(NOW),
    contactUri: '<sip:alice@192.0.2.4:5060;transport=ws>',
    body: utf8('Hello | Bob\r\n'),
    ...change,
  };
}

async function signed(fields: IdentityDigestFields): Promise<string> {
  return formatIdentityHeader(fromBase64(await signIdentity(identityDigestString(fields), privateKey, crypto)));
}

function params(identityHeader: string, fields: IdentityDigestFields, change: Partial<VerifyIdentityParams> = {}): VerifyIdentityParams {
  return { identityHeader, alg: 'rsa-sha256', digestInput: identityDigestString(fields), certificate, date: fields.date, now: NOW, ...change };
}

async function rejection(promise: Promise<unknown>): Promise<CoreErrorKind> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error.kind;
    throw error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  w.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'key.pem');
  w.openssl('pkey', '-in', 'key.pem', '-pubout', '-out', 'pub.pem');
  w.openssl('req', '-x509', '-new', '-key', 'key.pem', '-subj', '/CN=example.test', '-addext', 'subjectAltName=DNS:example.test,URI:sip:example.test', '-days', '30', '-outform', 'DER', '-out', 'cert.der');
  certificate = w.read('cert.der');
  const der = parsePem(w.readText('key.pem')).find((b) => b.label === 'PRIVATE KEY')!.der;
  privateKey = await crypto.subtle.importKey('pkcs8', toArrayBuffer(der), RSA_SIGNING, false, ['sign']);
}, 60_000);
afterAll(() => w.cleanup());

describe('signIdentity -> openssl dgst -verify', () => {
  it('openssl verifies our rsa-sha256 signature over the digest-string bytes', async () => {
    const digest = identityDigestString(request());
    w.write('digeststring.bin', digest);
    w.write('sig.bin', fromBase64(await signIdentity(digest, privateKey, crypto)));
    expect(w.openssl('dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'digeststring.bin').toString()).toContain('Verified OK');
    w.write('digeststring.bin', identityDigestString(request({ body: utf8('Hello | Eve\r\n') })));
    expect(w.tryOpenssl('dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'digeststring.bin').status).not.toBe(0);
  });

  it('is deterministic (PKCS#1 v1.5) and 2048 bits long', async () => {
    const digest = identityDigestString(request());
    const a = await signIdentity(digest, privateKey, crypto);
    expect(await signIdentity(digest, privateKey, crypto)).toBe(a);
    expect(fromBase64(a)).toHaveLength(256);
  });

  it('refuses keys that are not RSASSA-PKCS1-v1_5 SHA-256 signing keys', async () => {
    const digest = identityDigestString(request());
    const ec = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    expect(await rejection(signIdentity(digest, ec.privateKey, crypto))).toBe('invalid-argument');
    const der = parsePem(w.readText('key.pem'))[0]!.der;
    const sha1 = await crypto.subtle.importKey('pkcs8', toArrayBuffer(der), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }, false, ['sign']);
    expect(await rejection(signIdentity(digest, sha1, crypto))).toBe('invalid-argument');
  });
});

describe('openssl dgst -sign -> verifyIdentity', () => {
  it.each([
    { alg: 'rsa-sha256' as const, digest: '-sha256' },
    { alg: 'rsa-sha1' as const, digest: '-sha1' },
  ])('verifies an openssl $alg signature', async ({ alg, digest }) => {
    const fields = request();
    w.write('in.bin', identityDigestString(fields));
    w.openssl('dgst', digest, '-sign', 'key.pem', '-out', 'osig.bin', 'in.bin');
    const identityHeader = `"${toBase64(w.read('osig.bin'))}"`;
    const result = await verifyIdentity(params(identityHeader, fields, { alg, domain: 'example.test' }), crypto);
    expect(result.date.getTime()).toBe(NOW.getTime());
    expect(result.certificate.sanUris).toEqual(['sip:example.test']);
    const other = alg === 'rsa-sha256' ? 'rsa-sha1' : 'rsa-sha256';
    expect(await rejection(verifyIdentity(params(identityHeader, fields, { alg: other }), crypto))).toBe('bad-signature');
  });
});

describe('verifyIdentity', () => {
  it('accepts our own signature, quoted or bare, with folding whitespace', async () => {
    const fields = request();
    const header = await signed(fields);
    await expect(verifyIdentity(params(header, fields), crypto)).resolves.toBeDefined();
    await expect(verifyIdentity(params(header.slice(1, -1), fields), crypto)).resolves.toBeDefined();
    const folded = `"${header.slice(1, 100)}\r\n ${header.slice(100, -1)}"`;
    await expect(verifyIdentity(params(folded, fields), crypto)).resolves.toBeDefined();
  });

  it.each([
    { name: 'body', change: { body: utf8('Hello | Eve\r\n') } },
    { name: 'From', change: { fromUri: '"Alice" <sip:mallory@example.test>;tag=1928301774' } },
    { name: 'To', change: { toUri: '<sip:eve@example.test>' } },
    { name: 'Date (still fresh)', change: { date: formatSipDate(new Date(NOW.getTime() - 1000)) } },
    { name: 'Call-ID', change: { callId: 'other' } },
    { name: 'CSeq', change: { cseq: { seq: 314160, method: 'MESSAGE' } } },
    { name: 'Contact removed', change: { contactUri: undefined } },
  ])('a changed $name is bad-signature (438)', async ({ change }) => {
    const header = await signed(request());
    const kind = await rejection(verifyIdentity(params(header, request(change)), crypto));
    expect(kind).toBe('bad-signature');
    expect(identityResponseFor(new CoreError(kind, ''))).toEqual({ status: 438, reason: 'Invalid Identity Header' });
  });

  it.each([
    { name: '601 s old', offset: -601_000, kind: 'expired' },
    { name: '601 s ahead', offset: 601_000, kind: 'expired' },
    { name: '1 day old', offset: -86_400_000, kind: 'expired' },
    { name: '600 s old', offset: -600_000, kind: 'ok' },
    { name: '600 s ahead', offset: 600_000, kind: 'ok' },
  ])('a Date $name is $kind', async ({ offset, kind }) => {
    const fields = request({ date: formatSipDate(new Date(NOW.getTime() + offset)) });
    const outcome = await verifyIdentity(params(await signed(fields), fields), crypto).then(
      () => 'ok',
      (error: CoreError) => error.kind,
    );
    expect(outcome).toBe(kind);
  });

  it('takes maxSkewSeconds; a stale Date answers 403 Stale Date', async () => {
    const fields = request({ date: formatSipDate(new Date(NOW.getTime() - 3000_000)) });
    const header = await signed(fields);
    await expect(verifyIdentity(params(header, fields, { maxSkewSeconds: 3600 }), crypto)).resolves.toBeDefined();
    const error = await verifyIdentity(params(header, fields), crypto).catch((e: unknown) => e);
    expect(isCoreError(error, 'expired')).toBe(true);
    expect(identityResponseFor(error)).toEqual({ status: 403, reason: 'Stale Date' });
  });

  it('an unreadable Date is expired (freshness cannot be shown)', async () => {
    const fields = request({ date: '2026-03-01T10:00:00Z' });
    expect(await rejection(verifyIdentity(params(await signed(fields), fields), crypto))).toBe('expired');
  });

  it('a date other than the signed one is the caller’s mistake', async () => {
    const fields = request();
    const header = await signed(fields);
    expect(await rejection(verifyIdentity(params(header, fields, { date: formatSipDate(new Date(NOW.getTime() + 5000)) }), crypto))).toBe('invalid-argument');
  });

  it.each(['', '""', '"not base64!"', '"AAAA', 'AA=A'])('Identity %j is bad-signature', async (identityHeader) => {
    expect(await rejection(verifyIdentity(params(identityHeader, request()), crypto))).toBe('bad-signature');
  });

  it('another RSA key’s certificate is bad-signature', async () => {
    const other = await createSelfSignedCertificate({ aor: 'sip:as@example.test', keyType: 'RSA-2048' }, crypto);
    const fields = request();
    expect(await rejection(verifyIdentity(params(await signed(fields), fields, { certificate: other.certificateDer }), crypto))).toBe('bad-signature');
  });

  it('certificates it cannot use are untrusted-certificate (437)', async () => {
    const fields = request();
    const header = await signed(fields);
    const ec = await createSelfSignedCertificate({ aor: 'sip:as@example.test' }, crypto);
    const pair = (await crypto.subtle.generateKey({ ...RSA_SIGNING, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const otherDomain = await createAuthServiceCertificate({ domain: 'other.test', ...pair }, crypto);
    const cases: Partial<VerifyIdentityParams>[] = [
      { certificate: ec.certificateDer }, // P-256: not an RSA key
      { certificate: utf8('not a certificate') },
      { certificate: certificate.subarray(0, 100) },
      { domain: 'other.test' }, // the openssl certificate speaks for example.test only
      { certificate: otherDomain, domain: 'example.test' },
    ];
    for (const change of cases) {
      const error = await verifyIdentity(params(header, fields, change), crypto).catch((e: unknown) => e);
      expect(isCoreError(error, 'untrusted-certificate')).toBe(true);
      expect(identityResponseFor(error)).toEqual({ status: 437, reason: 'Unsupported Certificate' });
    }
  });

  it('a certificate outside its validity is untrusted-certificate', async () => {
    const later = new Date(NOW.getTime() + 40 * 86_400_000); // the openssl certificate is valid 30 days
    const fields = request({ date: formatSipDate(later) });
    expect(await rejection(verifyIdentity(params(await signed(fields), fields, { now: later }), crypto))).toBe('untrusted-certificate');
  });

  it('an unknown alg is unsupported (436)', async () => {
    const fields = request();
    const error = await verifyIdentity(params(await signed(fields), fields, { alg: 'rsa-md5' as 'rsa-sha1' }), crypto).catch((e: unknown) => e);
    expect(isCoreError(error, 'unsupported')).toBe(true);
    expect(identityResponseFor(error).status).toBe(436);
  });

  it('random and damaged inputs give CoreError only', async () => {
    const fields = request();
    const header = await signed(fields);
    const digest = identityDigestString(fields);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(header), fc.string(), mutations.map((m) => `"${toBase64(mutate(fromBase64(header.slice(1, -1)), m))}"`)),
        fc.constantFrom('rsa-sha256', 'rsa-sha1', 'rsa-md5', ''),
        fc.oneof(fc.constant(digest), fc.uint8Array({ maxLength: 300 }), mutations.map((m) => mutate(digest, m))),
        fc.oneof(fc.constant(certificate), fc.uint8Array({ maxLength: 64 }), mutations.map((m) => mutate(certificate, m))),
        fc.oneof(fc.constant(fields.date), fc.string()),
        fc.option(fc.integer({ min: -5, max: 100_000 }), { nil: undefined }),
        async (identityHeader, alg, digestInput, cert, date, maxSkewSeconds) => {
          const outcome = await okOrCoreError(() =>
            verifyIdentity({ identityHeader, alg: alg as 'rsa-sha1', digestInput, certificate: cert, date, now: NOW, maxSkewSeconds }, crypto),
          );
          if (outcome === 'ok') expect(digestInput).toEqual(digest); // only the signed digest-string can verify
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('identityResponseFor (rfc4474#section-14)', () => {
  it.each([
    { kind: 'unsupported', want: { status: 436, reason: 'Bad Identity-Info' } },
    { kind: 'untrusted-certificate', want: { status: 437, reason: 'Unsupported Certificate' } },
    { kind: 'malformed-certificate', want: { status: 437, reason: 'Unsupported Certificate' } },
    { kind: 'bad-signature', want: { status: 438, reason: 'Invalid Identity Header' } },
    { kind: 'expired', want: { status: 403, reason: 'Stale Date' } },
    { kind: 'invalid-argument', want: { status: 400, reason: 'Bad Request' } },
    { kind: 'undecipherable', want: { status: 500, reason: 'Server Internal Error' } },
  ] as const)('$kind -> $want.status', ({ kind, want }) => {
    expect(identityResponseFor(new CoreError(kind, 'x'))).toEqual(want);
  });

  it('anything else is 500; a missing header is 428', () => {
    expect(identityResponseFor(new Error('x'))).toEqual({ status: 500, reason: 'Server Internal Error' });
    expect(IDENTITY_REQUIRED).toEqual({ status: 428, reason: 'Use Identity Header' });
  });
});
