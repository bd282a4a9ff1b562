/**
 * The authentication service's key and certificate on disk, judged by openssl: the certificate names the domain
 * (SAN DNS and sip URI) with an RSA-2048 key, and openssl verifies what the loaded key signs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromBase64, utf8 } from '../../../src/core/bytes.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { identityDigestString, parseIdentityInfo, parseSipDate, verifyIdentity, formatSipDate } from '../../../src/core/identity/index.ts';
import { parseCertificate } from '../../../src/core/x509/index.ts';
import { AuthServiceError, loadOrCreateAuthService, signRequestIdentity, type IdentityRequest } from '../../../server/identity/index.ts';
import { Workdir } from '../../helpers/openssl.ts';

const crypto = globalThis.crypto;
let dir: string;
let w: Workdir;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealphone-as-'));
  w = new Workdir();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  w.cleanup();
});

async function authServiceError(promise: Promise<unknown>): Promise<AuthServiceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthServiceError) return error;
    throw error;
  }
  throw new Error('expected an AuthServiceError');
}

describe('loadOrCreateAuthService', () => {
  it('creates as.key (PKCS#8 PEM, 0600) and as.cer (DER) on first start, and loads the same ones after', async () => {
    const first = await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    expect(first.origin).toBe('created');
    expect(first.privateKey.extractable).toBe(false);
    expect(first.privateKey.algorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
    expect(statSync(join(dir, 'as.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'as.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(new Uint8Array(readFileSync(join(dir, 'as.cer')))).toEqual(first.certificateDer);
    expect(first.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    const second = await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    expect(second.origin).toBe('loaded');
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.certificateDer).toEqual(first.certificateDer);
    expect(second.privateKey.extractable).toBe(false);

    const text = w.openssl('x509', '-inform', 'DER', '-in', join(dir, 'as.cer'), '-noout', '-text').toString();
    expect(text).toMatch(/X509v3 Subject Alternative Name: \s*DNS:sealphone.test, URI:sip:sealphone.test\n/);
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toContain('rsaEncryption');
    expect(text).toMatch(/CA:FALSE/);
    const fingerprint = w.openssl('x509', '-inform', 'DER', '-in', join(dir, 'as.cer'), '-noout', '-fingerprint', '-sha256').toString();
    expect(fingerprint.trim()).toBe(`sha256 Fingerprint=${first.fingerprint}`);
    // openssl reads the key file and finds the certificate's public key in it.
    const fromKey = w.openssl('pkey', '-in', join(dir, 'as.key'), '-pubout').toString();
    const fromCert = w.openssl('x509', '-inform', 'DER', '-in', join(dir, 'as.cer'), '-noout', '-pubkey').toString();
    expect(fromKey).toBe(fromCert);
  });

  it('openssl verifies a signature made by the loaded key; our verifier accepts it for the domain', async () => {
    await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    const service = await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    const request: IdentityRequest = {
      fromUri: '<sip:alice@sealphone.test>;tag=a1',
      toUri: '<sip:bob@sealphone.test>',
      callId: 'c1',
      cseq: { seq: 7, method: 'NOTIFY' },
      body: utf8('certificate body'),
    };
    const headers = await signRequestIdentity(service, request, 'http://127.0.0.1:8080/as.cer', crypto);
    expect(headers.dateAdded).toBe(true);
    expect(Math.abs(parseSipDate(headers.date).getTime() - Date.now())).toBeLessThan(5000);
    expect(parseIdentityInfo(headers.identityInfo)).toMatchObject({ url: 'http://127.0.0.1:8080/as.cer', alg: 'rsa-sha256' });
    expect(headers.identity).toMatch(/^"[A-Za-z0-9+/]+=*"$/);

    const digest = identityDigestString({ ...request, date: headers.date });
    w.write('digeststring.bin', digest);
    w.write('sig.bin', fromBase64(headers.identity.slice(1, -1)));
    w.write('as.cer', service.certificateDer);
    w.openssl('x509', '-inform', 'DER', '-in', 'as.cer', '-pubkey', '-noout', '-out', 'pub.pem');
    expect(w.openssl('dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'digeststring.bin').toString()).toContain('Verified OK');
    await expect(
      verifyIdentity({ identityHeader: headers.identity, alg: 'rsa-sha256', digestInput: digest, certificate: service.certificateDer, date: headers.date, domain: 'sealphone.test' }, crypto),
    ).resolves.toBeDefined();
  });

  it('signRequestIdentity keeps a fresh Date and refuses a stale one', async () => {
    const service = await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    const now = new Date('2026-03-01T10:00:00Z');
    const request: IdentityRequest = { fromUri: 'sip:a@sealphone.test', toUri: 'sip:b@sealphone.test', callId: 'x', cseq: { seq: 1, method: 'MESSAGE' }, body: new Uint8Array(0) };
    const date = formatSipDate(new Date(now.getTime() - 60_000));
    const kept = await signRequestIdentity(service, { ...request, date }, 'https://sealphone.test/as.cer', crypto, () => now);
    expect(kept).toMatchObject({ date, dateAdded: false });
    const stale = formatSipDate(new Date(now.getTime() - 601_000));
    const error = await signRequestIdentity(service, { ...request, date: stale }, 'https://sealphone.test/as.cer', crypto, () => now).catch((e: unknown) => e);
    expect(isCoreError(error, 'expired')).toBe(true);
  });

  it('makes a certificate for a key left alone by a crash, and renews an expired certificate with the same key', async () => {
    const first = await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    const publicKey = w.openssl('pkey', '-in', join(dir, 'as.key'), '-pubout').toString();
    rmSync(join(dir, 'as.cer'));
    const again = await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    expect(again.origin).toBe('renewed');
    expect(again.fingerprint).not.toBe(first.fingerprint);
    expect(w.openssl('x509', '-inform', 'DER', '-in', join(dir, 'as.cer'), '-noout', '-pubkey').toString()).toBe(publicKey);

    const later = new Date(Date.now() + 3651 * 86_400_000);
    const renewed = await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto, () => later);
    expect(renewed.origin).toBe('renewed');
    const cert = await parseCertificate(renewed.certificateDer, crypto);
    expect(cert.notAfter.getTime()).toBeGreaterThan(later.getTime());
    expect(w.openssl('x509', '-inform', 'DER', '-in', join(dir, 'as.cer'), '-noout', '-pubkey').toString()).toBe(publicKey);
  });

  it.each([
    { name: 'a corrupt as.key', damage: () => writeFileSync(join(dir, 'as.key'), 'garbage'), message: /as\.key is not a PKCS#8 PEM private key/ },
    {
      name: 'an as.key that is not RSA',
      damage: () => {
        w.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', join(dir, 'as.key'));
      },
      message: /does not hold an RSA private key/,
    },
    { name: 'a corrupt as.cer', damage: () => writeFileSync(join(dir, 'as.cer'), Uint8Array.from([0x30, 0x03, 1, 2])), message: /as\.cer is not a readable certificate/ },
    { name: 'a lost as.key', damage: () => rmSync(join(dir, 'as.key')), message: /its key .*as\.key is not/ },
    {
      name: 'a key that is not the certificate’s',
      damage: () => {
        w.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', join(dir, 'as.key'));
      },
      message: /as\.key is not the key of .*as\.cer/,
    },
  ])('refuses $name with a clear error, overwriting nothing', async ({ damage, message }) => {
    await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    damage();
    const before = [join(dir, 'as.key'), join(dir, 'as.cer')].map((f) => (existsSync(f) ? readFileSync(f) : null));
    const error = await authServiceError(loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/remove|Restore/);
    expect([join(dir, 'as.key'), join(dir, 'as.cer')].map((f) => (existsSync(f) ? readFileSync(f) : null))).toEqual(before);
  });

  it('refuses a certificate made for another domain', async () => {
    await loadOrCreateAuthService({ dir, domain: 'sealphone.test' }, crypto);
    const error = await authServiceError(loadOrCreateAuthService({ dir, domain: 'other.test' }, crypto));
    expect(error.message).toContain('not for the domain other.test');
  });

  it('writes nothing for a bad domain', async () => {
    await expect(loadOrCreateAuthService({ dir, domain: 'not a domain' }, crypto)).rejects.toThrow();
    expect(existsSync(join(dir, 'as.key'))).toBe(false);
  });
});
