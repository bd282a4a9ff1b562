/**
 * The RFC 6072 section 10.3 trust check of certificate NOTIFYs, over NOTIFYs signed by `openssl dgst -sign` (the
 * fixtures' README has the commands): every verdict kind, and the digest-string we rebuild equal to the bytes openssl
 * signed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/core/bytes.ts';
import {
  CERTIFICATE_REJECTIONS,
  checkCertificateNotify,
  type CertificateNotifyVerdict,
  type CertificateRejection,
  type TrustedAuthority,
} from '../../../src/core/credentials/index.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { identityDigestString } from '../../../src/core/identity/index.ts';
import { parseSipMessage, type SipRequest } from '../../../src/core/sip/index.ts';
import { Workdir } from '../../helpers/openssl.ts';
import { opensslIsoDate } from '../x509/fixture.ts';
import { AS_URL, NOW, OTHER_AS_URL, SIGNED_AT, fixture, fixturePath, notify } from './fixture.ts';

const crypto = globalThis.crypto;
const BOB = 'sip:bob@example.test';
const AS: TrustedAuthority = { certificate: fixture('as.cer'), identityInfoUrl: AS_URL };
const OTHER_AS: TrustedAuthority = { certificate: fixture('other-as.cer'), identityInfoUrl: OTHER_AS_URL };

const bodies = {
  bob: fixture('bob.cer'),
  'bob-b64': fixture('bob.cer.b64'),
  empty: new Uint8Array(0),
  expired: fixture('bob-expired.cer'),
  future: fixture('bob-future.cer'),
  ca: fixture('bob-ca.cer'),
  carol: fixture('carol.cer'),
  pem: fixture('bob.pem'),
  junk: fixture('junk.bin'),
};
type BodyName = keyof typeof bodies;

interface Vector {
  name: string;
  body: BodyName;
  /** The signature fixture (notify-<sig>.sig); default the body's own. */
  sig?: string;
  change?: Record<string, string | undefined>;
  alg?: string;
  infoUrl?: string;
  subscribed?: string;
  authorities?: TrustedAuthority[];
  now?: Date;
  want: 'verified' | 'no-certificate' | CertificateRejection;
}

const B64 = { 'Content-Transfer-Encoding': 'base64' };

const VECTORS: Vector[] = [
  // Accepted
  { name: 'a binary certificate', body: 'bob', want: 'verified' },
  { name: 'a base64 certificate (RFC 8591 section 5)', body: 'bob-b64', change: B64, want: 'verified' },
  { name: 'an rsa-sha1 Identity (Kamailio)', body: 'bob', sig: 'bob-sha1', alg: 'rsa-sha1', want: 'verified' },
  { name: 'an AS pinned for the domain, whatever URL Identity-Info names', body: 'bob', infoUrl: 'https://cdn.example.test/x.cer', authorities: [{ certificate: fixture('as.cer') }], want: 'verified' },
  { name: 'the right AS after a wrong one for the same URL', body: 'bob', authorities: [{ ...OTHER_AS, identityInfoUrl: AS_URL }, AS], want: 'verified' },
  { name: 'a subscribed host in other case', body: 'bob', subscribed: 'sip:bob@Example.TEST', want: 'verified' },
  { name: 'a subscribed user with an escaped unreserved character', body: 'bob', subscribed: 'sip:%62ob@example.test', want: 'verified' },
  { name: 'a subscribed URI with port and parameters', body: 'bob', subscribed: 'sip:bob@example.test:5061;transport=ws', want: 'verified' },
  { name: 'a Date 600 s old', body: 'bob', now: new Date(SIGNED_AT.getTime() + 600_000), want: 'verified' },
  { name: 'a Date 600 s ahead', body: 'bob', now: new Date(SIGNED_AT.getTime() - 600_000), want: 'verified' },
  { name: 'an empty body (none or revoked)', body: 'empty', change: { 'Content-Type': undefined, 'Content-Disposition': undefined }, want: 'no-certificate' },
  // From (RFC 6072 section 10.3)
  { name: 'a From of another AOR', body: 'bob', change: { From: '<sip:carol@example.test>;tag=1' }, want: 'from-mismatch' },
  { name: 'a subscription to another AOR', body: 'bob', subscribed: 'sip:carol@example.test', want: 'from-mismatch' },
  { name: 'sips: subscribed, sip: From', body: 'bob', subscribed: 'sips:bob@example.test', want: 'from-mismatch' },
  { name: 'a user part in other case', body: 'bob', subscribed: 'sip:Bob@example.test', want: 'from-mismatch' },
  { name: 'no From', body: 'bob', change: { From: undefined }, want: 'from-mismatch' },
  { name: 'a From that is not a SIP URI', body: 'bob', change: { From: '<tel:+15551234>' }, want: 'from-mismatch' },
  // Identity
  { name: 'no Identity', body: 'bob', change: { Identity: undefined }, want: 'identity-missing' },
  { name: 'no Identity-Info', body: 'bob', change: { 'Identity-Info': undefined }, want: 'identity-missing' },
  { name: 'an unknown alg', body: 'bob', alg: 'rsa-md5', want: 'identity-invalid' },
  { name: 'an rsa-sha256 signature labelled rsa-sha1', body: 'bob', alg: 'rsa-sha1', want: 'identity-invalid' },
  { name: 'another body under the signature', body: 'ca', sig: 'bob', want: 'identity-invalid' },
  { name: 'another Call-ID', body: 'bob', change: { 'Call-ID': 'notify-2@example.test' }, want: 'identity-invalid' },
  { name: 'another To', body: 'bob', change: { To: '<sip:eve@example.test>' }, want: 'identity-invalid' },
  { name: 'another (fresh) Date', body: 'bob', change: { Date: 'Tue, 01 Jan 2030 00:00:01 GMT' }, want: 'identity-invalid' },
  { name: 'an Identity that is not base64', body: 'bob', change: { Identity: '"not base64!"' }, want: 'identity-invalid' },
  { name: 'an unreadable CSeq', body: 'bob', change: { CSeq: 'NOTIFY' }, want: 'identity-invalid' },
  { name: 'a CSeq whose method is not a token', body: 'bob', change: { CSeq: '1 NOT<IFY>' }, want: 'identity-invalid' },
  { name: 'a signature by another AS under our AS URL', body: 'bob', sig: 'bob-other-as', want: 'identity-invalid' },
  { name: 'no Date', body: 'bob', change: { Date: undefined }, want: 'identity-stale-date' },
  { name: 'a Date 601 s old', body: 'bob', now: new Date(SIGNED_AT.getTime() + 601_000), want: 'identity-stale-date' },
  { name: 'a Date 601 s ahead', body: 'bob', now: new Date(SIGNED_AT.getTime() - 601_000), want: 'identity-stale-date' },
  { name: 'an Identity-Info URL nobody trusts', body: 'bob', sig: 'bob-other-as', infoUrl: OTHER_AS_URL, want: 'unknown-authentication-service' },
  { name: 'an AS that does not speak for the domain', body: 'bob', sig: 'bob-other-as', infoUrl: OTHER_AS_URL, authorities: [AS, OTHER_AS], want: 'unknown-authentication-service' },
  { name: 'no trusted AS at all', body: 'bob', authorities: [], want: 'unknown-authentication-service' },
  { name: 'an AS certificate past its validity', body: 'bob', now: new Date('2200-01-01T00:00:00Z'), want: 'unknown-authentication-service' },
  // The body
  { name: 'PEM, not DER', body: 'pem', want: 'malformed' },
  { name: 'bytes that are not DER', body: 'junk', want: 'malformed' },
  { name: 'Content-Type text/plain', body: 'bob', change: { 'Content-Type': 'text/plain' }, want: 'malformed' },
  { name: 'no Content-Type', body: 'bob', change: { 'Content-Type': undefined }, want: 'malformed' },
  { name: 'binary DER labelled base64', body: 'bob', change: B64, want: 'malformed' },
  { name: 'an unknown Content-Transfer-Encoding', body: 'bob', change: { 'Content-Transfer-Encoding': 'x-gzip' }, want: 'malformed' },
  // The certificate
  { name: 'a CA certificate', body: 'ca', want: 'ca-certificate' },
  { name: 'a certificate for another AOR', body: 'carol', want: 'wrong-aor' },
  { name: 'an expired certificate', body: 'expired', want: 'expired' },
  { name: 'a certificate not valid yet', body: 'future', want: 'not-yet-valid' },
];

function request(v: Vector): SipRequest {
  return notify(bodies[v.body], `notify-${v.sig ?? v.body}.sig`, v.change, v.alg, v.infoUrl);
}

async function verdictOf(v: Vector): Promise<CertificateNotifyVerdict> {
  const at = v.now ?? NOW;
  return checkCertificateNotify({ subscribedUri: v.subscribed ?? BOB, notify: request(v), authorities: v.authorities ?? [AS] }, crypto, () => at);
}

const w = new Workdir();
afterAll(() => w.cleanup());

describe('checkCertificateNotify', () => {
  it.each(VECTORS)('$name: $want', async (v) => {
    const verdict = await verdictOf(v);
    expect(verdict.kind === 'rejected' ? verdict.reason : verdict.kind).toBe(v.want);
    if (verdict.kind === 'rejected') {
      expect(verdict.message).toMatch(/^[A-Z].*\.$/s);
      expect(verdict.message.length).toBeLessThan(400);
    }
  });

  it('covers every rejection reason', () => {
    const covered = new Set(VECTORS.map((v) => v.want));
    expect(CERTIFICATE_REJECTIONS.filter((reason) => !covered.has(reason) && reason !== 'unsupported')).toEqual([]);
  });

  describe('the digest-strings are the bytes openssl signed', () => {
    it.each(['bob', 'bob-b64', 'empty', 'expired', 'future', 'ca', 'carol', 'pem', 'junk'] as const)('notify-%s', (name) => {
      const req = notify(bodies[name], `notify-${name}.sig`);
      const h = req.headers;
      const [seq, method] = h.get('CSeq')!.split(' ');
      const digest = identityDigestString({
        fromUri: h.get('From')!,
        toUri: h.get('To')!,
        callId: h.get('Call-ID')!,
        cseq: { seq: Number(seq), method: method! },
        date: h.get('Date')!,
        contactUri: h.get('Contact')!,
        body: req.body,
      });
      expect(digest).toEqual(fixture(`notify-${name}.digest`));
    });
  });

  it('gives the certificate, its SHA-256 fingerprint and notAfter as openssl reads them', async () => {
    const verdict = await verdictOf({ name: 'bob', body: 'bob', want: 'verified' });
    if (verdict.kind !== 'verified') throw new Error(`expected verified, got ${JSON.stringify(verdict)}`);
    const fingerprint = w.openssl('x509', '-inform', 'DER', '-in', fixturePath('bob.cer'), '-noout', '-fingerprint', '-sha256').toString();
    expect(fingerprint.trim()).toBe(`sha256 Fingerprint=${verdict.fingerprintHex}`);
    const end = w.openssl('x509', '-inform', 'DER', '-in', fixturePath('bob.cer'), '-noout', '-enddate', '-dateopt', 'iso_8601').toString();
    expect(verdict.notAfter).toEqual(opensslIsoDate(end));
    expect(verdict.certificate.der).toEqual(fixture('bob.cer'));
    expect(verdict.signedAt).toEqual(SIGNED_AT);
  });

  it('reads a NOTIFY as parsed from the wire, compact header names included', async () => {
    const req = notify(bodies['bob-b64'], 'notify-bob-b64.sig', B64);
    const compact: Record<string, string> = { From: 'f', To: 't', 'Call-ID': 'i', Contact: 'm', 'Content-Type': 'c', Identity: 'y', 'Identity-Info': 'n' };
    const lines = [`NOTIFY ${req.uri} SIP/2.0`, ...[...req.headers].map(([name, value]) => `${compact[name] ?? name}: ${value}`), `Content-Length: ${req.body.length}`, '', ''];
    const wire = new Uint8Array([...utf8(lines.join('\r\n')), ...req.body]);
    const parsed = parseSipMessage(wire);
    expect(parsed.kind).toBe('request');
    const verdict = await checkCertificateNotify({ subscribedUri: BOB, notify: parsed as SipRequest, authorities: [AS] }, crypto, () => NOW);
    expect(verdict.kind).toBe('verified');
  });

  it('explains a rejection in words a person can act on', async () => {
    const verdict = await verdictOf({ name: 'carol', body: 'bob', change: { From: '<sip:carol@example.test>' }, want: 'from-mismatch' });
    expect(verdict).toMatchObject({ kind: 'rejected', reason: 'from-mismatch' });
    expect((verdict as { message: string }).message).toContain('sip:carol@example.test');
    expect((verdict as { message: string }).message).toContain('sip:bob@example.test');
  });

  it.each([
    { name: 'a subscribed URI that is not an AOR', check: { subscribedUri: 'sip:example.test' } },
    { name: 'a negative maxSkewSeconds', check: { maxSkewSeconds: -1 } },
  ])('refuses the caller’s mistake: $name', async ({ check }) => {
    const params = { subscribedUri: BOB, notify: request({ name: '', body: 'bob', want: 'verified' }), authorities: [AS], ...check };
    const error = await checkCertificateNotify(params, crypto, () => NOW).catch((e: unknown) => e);
    expect(isCoreError(error, 'invalid-argument')).toBe(true);
  });

  beforeAll(() => {
    // The fixtures themselves: openssl verifies the signature it made over the digest-string.
    w.openssl('x509', '-inform', 'DER', '-in', fixturePath('as.cer'), '-pubkey', '-noout', '-out', w.path('as-pub.pem'));
    const out = w.openssl('dgst', '-sha256', '-verify', w.path('as-pub.pem'), '-signature', fixturePath('notify-bob.sig'), fixturePath('notify-bob.digest'));
    expect(out.toString()).toContain('Verified OK');
  });
});
