/** The device key: made here, published only encrypted (openssl opens the blob), unlocked on a second device. */
import { webcrypto } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { isCoreError } from '../../src/core/errors.ts';
import { createDeviceKey, unlockDeviceKey } from '../../src/services/device-key.ts';
import { createMemoryDeviceKeyStore } from '../../src/services/device-key-store.ts';
import { Workdir } from '../helpers/openssl.ts';

const crypto = webcrypto as unknown as Crypto;
const AOR = 'sip:alice@sealphone.test';
const work = new Workdir();
afterAll(() => work.cleanup());

describe('device key', () => {
  it('is P-256, non-extractable, and its published blob opens with openssl and the passphrase only', async () => {
    const key = await createDeviceKey(AOR, 'correct horse battery', crypto, { iterations: 1000 });
    expect(key.keys.type).toBe('P-256');
    expect(key.keys.signing.extractable).toBe(false);
    expect(key.keys.keyAgreement?.extractable).toBe(false);
    expect(key.fingerprintHex).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    work.write('cert.der', key.certificateDer);
    work.write('key.p8', key.encryptedKey);
    const fingerprint = work.openssl('x509', '-inform', 'DER', '-in', work.path('cert.der'), '-noout', '-fingerprint', '-sha256').toString();
    expect(fingerprint.trim()).toBe(`sha256 Fingerprint=${key.fingerprintHex}`);
    const pub = work.openssl('x509', '-inform', 'DER', '-in', work.path('cert.der'), '-noout', '-pubkey').toString();
    const fromKey = work.openssl('pkey', '-inform', 'DER', '-in', work.path('key.p8'), '-passin', 'pass:correct horse battery', '-pubout').toString();
    expect(fromKey).toBe(pub);
    expect(work.tryOpenssl('pkey', '-inform', 'DER', '-in', work.path('key.p8'), '-passin', 'pass:wrong', '-pubout').status).not.toBe(0);
  });

  it('a second device unlocks the same key with the passphrase, and not without', async () => {
    const first = await createDeviceKey(AOR, 'correct horse battery', crypto, { iterations: 1000 });
    const second = await unlockDeviceKey(AOR, first, 'correct horse battery', crypto);
    expect(second.fingerprintHex).toBe(first.fingerprintHex);
    expect(second.keys.signing.extractable).toBe(false);
    const data = new TextEncoder().encode('signed on the second device');
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, second.keys.signing, data);
    const publicKey = await crypto.subtle.importKey('spki', await spkiOf(first.certificateDer), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data)).toBe(true);
    const error = await unlockDeviceKey(AOR, first, 'not it', crypto).catch((e: unknown) => e);
    expect(isCoreError(error, 'wrong-passphrase')).toBe(true);
  });

  it('the memory store keeps it by AOR', async () => {
    const store = createMemoryDeviceKeyStore();
    const key = await createDeviceKey(AOR, 'correct horse battery', crypto, { iterations: 1000 });
    await store.put(AOR, key);
    expect((await store.get(AOR))?.fingerprintHex).toBe(key.fingerprintHex);
    await store.delete(AOR);
    expect(await store.get(AOR)).toBeUndefined();
  });
});

async function spkiOf(certificateDer: Uint8Array): Promise<ArrayBuffer> {
  const { parseCertificate } = await import('../../src/core/x509/index.ts');
  const parsed = await parseCertificate(certificateDer, crypto);
  return parsed.pkijs.subjectPublicKeyInfo.toSchema().toBER(false);
}

describe('renewal (RFC 6072 section 5)', () => {
  it('a new certificate for the same key: openssl sees the same public key, and the published blob still fits it', async () => {
    const { renewDeviceKey } = await import('../../src/services/device-key.ts');
    const { openCredential } = await import('../../src/core/credentials/index.ts');
    const old = await createDeviceKey(AOR, 'correct horse battery', crypto, { iterations: 1000 });
    const later = () => new Date(Date.now() + 340 * 86_400_000);
    const renewed = await renewDeviceKey(old, crypto, later);
    expect(renewed.fingerprintHex).not.toBe(old.fingerprintHex);
    expect(renewed.encryptedKey).toBe(old.encryptedKey);
    expect(renewed.notAfter).toBeGreaterThan(old.notAfter + 300 * 86_400_000);
    work.write('old.der', old.certificateDer);
    work.write('new.der', renewed.certificateDer);
    const pubkey = (name: string) => work.openssl('x509', '-inform', 'DER', '-in', work.path(name), '-noout', '-pubkey').toString();
    expect(pubkey('new.der')).toBe(pubkey('old.der'));
    work.openssl('x509', '-inform', 'DER', '-in', work.path('new.der'), '-out', work.path('new.pem'));
    expect(work.openssl('verify', '-check_ss_sig', '-partial_chain', '-attime', String(Math.floor(later().getTime() / 1000)), '-CAfile', work.path('new.pem'), work.path('new.pem')).toString()).toContain('OK');
    const opened = await openCredential({ certificate: renewed.certificateDer, encryptedKey: renewed.encryptedKey }, 'correct horse battery', crypto);
    expect(opened.certificate.fingerprintHex).toBe(renewed.fingerprintHex);
  });
});
