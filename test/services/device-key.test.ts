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
