import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../src/core/errors.ts';
import { certificateCoversDomain, certificateNames, createAuthServiceCertificate } from '../../../src/core/identity/index.ts';
import { parseCertificate } from '../../../src/core/x509/index.ts';
import { Workdir } from '../../helpers/openssl.ts';

const crypto = globalThis.crypto;
const NOW = new Date('2026-03-01T10:00:00Z');
const w = new Workdir();
let pair: CryptoKeyPair;
beforeAll(async () => {
  const params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
  pair = (await crypto.subtle.generateKey(params, false, ['sign', 'verify'])) as CryptoKeyPair;
});
afterAll(() => w.cleanup());

describe('createAuthServiceCertificate', () => {
  it('makes a self-signed RSA-2048 certificate for the domain that openssl reads', async () => {
    const der = await createAuthServiceCertificate({ domain: 'sealphone.test', ...pair, validityDays: 10 }, crypto, () => NOW);
    const cert = await parseCertificate(der, crypto);
    expect(cert).toMatchObject({
      subject: 'CN=sealphone.test',
      issuer: 'CN=sealphone.test',
      sanUris: ['sip:sealphone.test'],
      isCA: false,
      keyUsage: ['digitalSignature'],
      keyType: 'RSA',
      rsaModulusBits: 2048,
      selfSigned: true,
      notBefore: new Date('2026-03-01T09:55:00Z'),
      notAfter: new Date('2026-03-11T09:55:00Z'),
    });
    expect(certificateNames(cert.pkijs)).toMatchObject({ dnsNames: ['sealphone.test'], uris: ['sip:sealphone.test'], commonNames: ['sealphone.test'] });
    w.write('as.cer', der);
    const text = w.openssl('x509', '-inform', 'DER', '-in', 'as.cer', '-noout', '-text').toString();
    expect(text).toMatch(/X509v3 Subject Alternative Name: \s*DNS:sealphone.test, URI:sip:sealphone.test\n/);
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    w.openssl('x509', '-inform', 'DER', '-in', 'as.cer', '-out', 'as.pem');
    // Self-signed and well-formed: openssl verifies it as its own trust anchor (at the certificate's time).
    const verify = w.openssl('verify', '-attime', String(NOW.getTime() / 1000), '-CAfile', 'as.pem', '-partial_chain', 'as.pem').toString();
    expect(verify).toContain('as.pem: OK');
  });

  it('names an IPv4 domain by iPAddress', async () => {
    const der = await createAuthServiceCertificate({ domain: '127.0.0.1', ...pair }, crypto);
    w.write('ip.cer', der);
    expect(w.openssl('x509', '-inform', 'DER', '-in', 'ip.cer', '-noout', '-ext', 'subjectAltName').toString()).toContain('IP Address:127.0.0.1, URI:sip:127.0.0.1');
    expect(certificateCoversDomain((await parseCertificate(der, crypto)).pkijs, '127.0.0.1')).toBe(true);
  });

  it.each(['', 'a b', 'sip:x.test', 'x..test', '-x.test', 'x.test/'])('refuses the domain %j', async (domain) => {
    await expect(createAuthServiceCertificate({ domain, ...pair }, crypto)).rejects.toThrow(CoreError);
  });

  it('refuses a non-RSA key and bad validity', async () => {
    const ec = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    await expect(createAuthServiceCertificate({ domain: 'x.test', ...ec }, crypto)).rejects.toThrow(CoreError);
    await expect(createAuthServiceCertificate({ domain: 'x.test', ...pair, validityDays: 0 }, crypto)).rejects.toThrow(CoreError);
  });
});

describe('certificateCoversDomain (rfc4474#section-13.4)', () => {
  it.each([
    { name: 'DNS SAN', san: 'DNS:example.test', domain: 'EXAMPLE.test', want: true },
    { name: 'sip URI SAN', san: 'URI:sip:example.test', domain: 'example.test', want: true },
    { name: 'sips URI SAN, trailing dot', san: 'URI:sips:example.test', domain: 'example.test.', want: true },
    { name: 'user URI is not the domain', san: 'URI:sip:alice@example.test', domain: 'example.test', want: false },
    { name: 'other DNS name', san: 'DNS:other.test', domain: 'example.test', want: false },
    { name: 'SAN present: CN not used', san: 'DNS:other.test', domain: 'cn.test', want: false },
    { name: 'no SAN: CN used', san: undefined, domain: 'cn.test', want: true },
  ])('$name -> $want', async ({ san, domain, want }) => {
    w.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', 'k.pem');
    const ext = san === undefined ? [] : ['-addext', `subjectAltName=${san}`];
    w.openssl('req', '-x509', '-new', '-key', 'k.pem', '-subj', '/CN=cn.test', ...ext, '-days', '1', '-outform', 'DER', '-out', 'c.der');
    const cert = await parseCertificate(w.read('c.der'), crypto);
    expect(certificateCoversDomain(cert.pkijs, domain)).toBe(want);
  });
});
