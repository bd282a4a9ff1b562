import { Crypto as PeculiarCrypto } from '@peculiar/webcrypto';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../../src/core/bytes.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { toPem } from '../../../src/core/pem.ts';
import {
  X509_OID,
  createSelfSignedCertificate,
  importPublicKeys,
  parseCertificate,
  verifySelfSignature,
} from '../../../src/core/x509/index.ts';
import { Workdir } from '../../helpers/openssl.ts';
import { opensslIsoDate } from './fixture.ts';

const NOW = new Date('2026-03-01T10:00:00.123Z');
const now = (): Date => NOW;
const DAY = 86_400_000;

let work: Workdir | undefined;
afterEach(() => work?.cleanup());

describe('createSelfSignedCertificate', () => {
  it.each([
    { keyType: 'P-256' as const, keyUsage: ['digitalSignature', 'keyAgreement'], opensslUsage: 'Digital Signature, Key Agreement', sig: 'ecdsa-with-SHA256' },
    { keyType: 'RSA-2048' as const, keyUsage: ['digitalSignature', 'keyEncipherment'], opensslUsage: 'Digital Signature, Key Encipherment', sig: 'sha256WithRSAEncryption' },
  ])('makes a $keyType certificate that openssl reads as we do', async ({ keyType, keyUsage, opensslUsage, sig }) => {
    const made = await createSelfSignedCertificate({ aor: 'sip:alice@example.test', keyType, validityDays: 30 }, globalThis.crypto, now);
    const cert = await parseCertificate(made.certificateDer, globalThis.crypto);
    expect(cert).toMatchObject({
      subject: 'CN=alice@example.test',
      issuer: 'CN=alice@example.test',
      sanUris: ['sip:alice@example.test'],
      isCA: false,
      keyUsage,
      extendedKeyUsage: [X509_OID.emailProtection],
      selfSigned: true,
      notBefore: new Date('2026-03-01T09:55:00Z'),
      notAfter: new Date(new Date('2026-03-01T09:55:00Z').getTime() + 30 * DAY),
    });
    expect(cert.serialNumberHex).toMatch(/^[4-7][0-9A-F]{31}$/);
    expect(made.keys.signing.extractable).toBe(false);

    work = new Workdir();
    work.write('cert.der', made.certificateDer);
    work.write('cert.pem', toPem('CERTIFICATE', made.certificateDer));
    const text = work.openssl('x509', '-inform', 'DER', '-in', 'cert.der', '-noout', '-text').toString();
    expect(text).toContain('Version: 3 (0x2)');
    expect(text).toContain(`Signature Algorithm: ${sig}`);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(new RegExp(`X509v3 Key Usage: critical\\s+${opensslUsage}\\n`));
    expect(text).toMatch(/X509v3 Extended Key Usage: \s*E-mail Protection/);
    expect(text).toMatch(/X509v3 Subject Alternative Name: \s*URI:sip:alice@example.test\n/);
    expect(text).toContain('Not Before: Mar  1 09:55:00 2026 GMT');
    expect(text).toContain('Not After : Mar 31 09:55:00 2026 GMT');
    const ski = /X509v3 Subject Key Identifier: \s*([0-9A-F:]+)/.exec(text)?.[1];
    expect(ski?.replaceAll(':', '')).toBe(toHex(cert.subjectKeyIdentifier!).toUpperCase());
    expect(/X509v3 Authority Key Identifier: \s*(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1]).toBe(ski);

    const info = work.openssl('x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha256', '-serial', '-subject', '-nameopt', 'RFC2253', '-startdate', '-enddate', '-dateopt', 'iso_8601').toString();
    expect(info).toContain(`sha256 Fingerprint=${cert.fingerprintHex}\n`);
    expect(info).toContain(`serial=${cert.serialNumberHex}\n`);
    expect(info).toContain(`subject=${cert.subject}\n`);
    expect(opensslIsoDate(/notBefore=.*/.exec(info)![0])).toEqual(cert.notBefore);
    expect(opensslIsoDate(/notAfter=.*/.exec(info)![0])).toEqual(cert.notAfter);
  });

  it('is accepted by openssl verify -check_ss_sig, which rejects it once the signature is damaged', async () => {
    for (const keyType of ['P-256', 'RSA-2048'] as const) {
      const made = await createSelfSignedCertificate({ aor: 'sips:alice@example.test', keyType }, globalThis.crypto);
      work = new Workdir();
      work.write('cert.pem', toPem('CERTIFICATE', made.certificateDer));
      // Without -check_ss_sig openssl does not look at a trust anchor's own signature (damaged.pem below would pass).
      work.openssl('verify', '-check_ss_sig', '-CAfile', 'cert.pem', 'cert.pem');
      work.openssl('verify', '-check_ss_sig', '-purpose', 'smimesign', '-CAfile', 'cert.pem', 'cert.pem');
      expect(work.tryOpenssl('x509', '-in', 'cert.pem', '-noout', '-checkend', String(364 * 86400)).status).toBe(0);
      expect(work.tryOpenssl('x509', '-in', 'cert.pem', '-noout', '-checkend', String(366 * 86400)).status).toBe(1);

      const damaged = made.certificateDer.slice();
      damaged[damaged.length - 3]! ^= 0x01; // inside the signature value
      work.write('damaged.pem', toPem('CERTIFICATE', damaged));
      expect(work.tryOpenssl('verify', '-CAfile', 'damaged.pem', 'damaged.pem').status).toBe(0);
      const refused = work.tryOpenssl('verify', '-check_ss_sig', '-CAfile', 'damaged.pem', 'damaged.pem');
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('certificate signature failure');
      const ours = await parseCertificate(damaged, globalThis.crypto);
      expect(ours.selfSigned).toBe(false);
      expect(await verifySelfSignature(ours, globalThis.crypto)).toBe(false);
      work.cleanup();
    }
  });

  it('computes the subjectKeyIdentifier as openssl does for the same key (RFC 5280 4.2.1.2 method 1)', async () => {
    const made = await createSelfSignedCertificate({ aor: 'sip:alice@example.test' }, globalThis.crypto);
    work = new Workdir();
    work.write('key.pem', toPem('PRIVATE KEY', made.privateKeyInfo));
    work.openssl('req', '-x509', '-new', '-key', 'key.pem', '-subj', '/CN=x', '-days', '1', '-outform', 'DER', '-out', 'theirs.der');
    const theirs = await parseCertificate(work.read('theirs.der'), globalThis.crypto);
    const ours = await parseCertificate(made.certificateDer, globalThis.crypto);
    expect(toHex(ours.subjectKeyIdentifier!)).toBe(toHex(theirs.subjectKeyIdentifier!));
  });

  it('returns a clear PKCS#8 key that openssl reads, matching the certificate', async () => {
    const made = await createSelfSignedCertificate({ aor: 'sip:alice@example.test', keyType: 'RSA-2048' }, globalThis.crypto);
    work = new Workdir();
    work.write('key.der', made.privateKeyInfo);
    work.write('cert.der', made.certificateDer);
    const fromKey = work.openssl('pkey', '-inform', 'DER', '-in', 'key.der', '-pubout').toString();
    const fromCert = work.openssl('x509', '-inform', 'DER', '-in', 'cert.der', '-noout', '-pubkey').toString();
    expect(fromKey).toBe(fromCert);
  });

  it('uses commonName when given, GeneralizedTime from 2050, and whole seconds', async () => {
    const late = new Date('2049-12-01T00:00:00.999Z');
    const made = await createSelfSignedCertificate({ aor: 'sip:alice@example.test', commonName: 'Alice Example' }, globalThis.crypto, () => late);
    const cert = await parseCertificate(made.certificateDer, globalThis.crypto);
    expect(cert.subject).toBe('CN=Alice Example');
    expect(cert.notBefore).toEqual(new Date('2049-11-30T23:55:00Z'));
    expect(cert.notAfter).toEqual(new Date(new Date('2049-11-30T23:55:00Z').getTime() + 365 * DAY));
    work = new Workdir();
    work.write('cert.der', made.certificateDer);
    const parsed = work.openssl('asn1parse', '-inform', 'DER', '-in', 'cert.der').toString();
    expect(parsed).toMatch(/UTCTIME\s+:491130235500Z/);
    expect(parsed).toMatch(/GENERALIZEDTIME\s+:20501130235500Z/);
  });

  it('works with @peculiar/webcrypto', async () => {
    const crypto = new PeculiarCrypto();
    const made = await createSelfSignedCertificate({ aor: 'sip:alice@example.test' }, crypto, now);
    const cert = await parseCertificate(made.certificateDer, crypto);
    expect(cert.selfSigned).toBe(true);
    expect(cert.keyType).toBe('P-256');
    const keys = await importPublicKeys(cert, crypto);
    const data = new Uint8Array([1, 2, 3]);
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, made.keys.signing, data);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, keys.verify, signature, data)).toBe(true);
  });

  it.each([
    { name: 'not a SIP URI', options: { aor: 'mailto:alice@example.test' } },
    { name: 'no user part', options: { aor: 'sip:example.test' } },
    { name: 'more than 365 days', options: { aor: 'sip:alice@example.test', validityDays: 366 } },
    { name: 'zero days', options: { aor: 'sip:alice@example.test', validityDays: 0 } },
    { name: 'fractional days', options: { aor: 'sip:alice@example.test', validityDays: 1.5 } },
    { name: 'an unknown key type', options: { aor: 'sip:alice@example.test', keyType: 'P-384' as 'P-256' } },
    { name: 'an empty common name', options: { aor: 'sip:alice@example.test', commonName: '' } },
    { name: 'a common name over 64 characters', options: { aor: 'sip:alice@example.test', commonName: 'x'.repeat(65) } },
    { name: 'a user@host over 64 characters', options: { aor: `sip:${'a'.repeat(60)}@example.test` } },
  ])('refuses $name with invalid-argument', async ({ options }) => {
    await expect(createSelfSignedCertificate(options, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'invalid-argument'));
  });
});
