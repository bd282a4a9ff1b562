import { describe, expect, it } from 'vitest';
import { importPrivateKeySet, privateKeyInfoType } from '../../src/core/keys.ts';
import { isCoreError } from '../../src/core/errors.ts';
import { derFromPemOrDer } from '../../src/core/pem.ts';
import { Workdir, exact } from '../helpers/openssl.ts';

describe('importPrivateKeySet', () => {
  it('imports an openssl P-256 key for ECDSA and ECDH', async () => {
    const w = new Workdir();
    w.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem');
    const { der } = derFromPemOrDer(exact(w.read('k.pem')), ['PRIVATE KEY']);
    expect(privateKeyInfoType(der)).toBe('P-256');
    const keys = await importPrivateKeySet(der, globalThis.crypto);
    expect(keys.signing.algorithm.name).toBe('ECDSA');
    expect(keys.keyAgreement?.algorithm.name).toBe('ECDH');
    expect(keys.signing.extractable).toBe(false);
    w.cleanup();
  });

  it('imports an openssl RSA key for signing and both OAEP hashes', async () => {
    const w = new Workdir();
    w.openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'k.pem');
    const { der } = derFromPemOrDer(exact(w.read('k.pem')), ['PRIVATE KEY']);
    const keys = await importPrivateKeySet(der, globalThis.crypto);
    expect(keys.type).toBe('RSA');
    expect(keys.keyTransport?.['SHA-1'].algorithm.name).toBe('RSA-OAEP');
    w.cleanup();
  });

  it('refuses other curves and garbage with a typed error', async () => {
    const w = new Workdir();
    w.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'k.pem');
    const { der } = derFromPemOrDer(exact(w.read('k.pem')), ['PRIVATE KEY']);
    await expect(importPrivateKeySet(der, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'unsupported'));
    await expect(importPrivateKeySet(new Uint8Array([0x30, 0x03, 1, 2]), globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e));
    w.cleanup();
  });
});
