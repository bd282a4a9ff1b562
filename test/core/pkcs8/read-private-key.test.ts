import { Crypto as PeculiarCrypto } from '@peculiar/webcrypto';
import { afterEach, describe, expect, it } from 'vitest';
import { toArrayBuffer, toHex, utf8 } from '../../../src/core/bytes.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { encryptPrivateKeyInfo, openPrivateKey, readPrivateKey } from '../../../src/core/pkcs8/index.ts';
import { toPem } from '../../../src/core/pem.ts';
import { createSelfSignedCertificate } from '../../../src/core/x509/index.ts';
import { Workdir } from '../../helpers/openssl.ts';
import { rawToDerSignature } from '../x509/ecdsa-signature.ts';
import { FIXTURE_PASSPHRASE, fixture, fixturePath } from '../x509/fixture.ts';

let work: Workdir | undefined;
afterEach(() => work?.cleanup());

describe('readPrivateKey', () => {
  it.each([
    { form: 'DER EncryptedPrivateKeyInfo', file: 'bob-p256.aes256-sha256.epk.der', want: 'bob-p256.key.der' },
    { form: 'PEM ENCRYPTED PRIVATE KEY', file: 'bob-p256.aes256-sha256.epk.pem', want: 'bob-p256.key.der' },
    { form: 'PEM ENCRYPTED PRIVATE KEY (RSA)', file: 'bob-rsa2048.aes256-sha256.epk.pem', want: 'bob-rsa2048.key.der' },
    { form: 'PEM PRIVATE KEY', file: 'bob-p256.key.pem', want: 'bob-p256.key.der' },
    { form: 'DER PrivateKeyInfo', file: 'bob-rsa2048.key.der', want: 'bob-rsa2048.key.der' },
  ])('reads a $form', async ({ file, want }) => {
    expect(toHex(await readPrivateKey(fixture(file), FIXTURE_PASSPHRASE, globalThis.crypto))).toBe(toHex(fixture(want)));
  });

  it('reads a clear key without a passphrase, and asks for one for an encrypted key', async () => {
    expect(toHex(await readPrivateKey(fixture('bob-p256.key.pem'), undefined, globalThis.crypto))).toBe(toHex(fixture('bob-p256.key.der')));
    for (const file of ['bob-p256.aes256-sha256.epk.der', 'bob-p256.aes256-sha256.epk.pem']) {
      await expect(readPrivateKey(fixture(file), undefined, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'wrong-passphrase'));
      await expect(readPrivateKey(fixture(file), 'nope', globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'wrong-passphrase'));
    }
  });

  it('refuses legacy PEM keys, other PEM and broken clear keys with typed errors', async () => {
    work = new Workdir();
    work.openssl('ec', '-in', fixturePath('bob-p256.key.pem'), '-out', 'sec1.pem');
    expect(work.readText('sec1.pem')).toContain('BEGIN EC PRIVATE KEY');
    await expect(readPrivateKey(work.read('sec1.pem'), undefined, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'unsupported'));
    await expect(readPrivateKey(fixture('bob-p256.cert.pem'), undefined, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'malformed-pem'));
    await expect(readPrivateKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), undefined, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'malformed-key'));
    await expect(readPrivateKey(utf8(toPem('PRIVATE KEY', utf8('junk'))), undefined, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'malformed-key'));
    await expect(readPrivateKey(new Uint8Array(0), 'pw', globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'malformed-der'));
  });
});

describe('openPrivateKey', () => {
  it('imports our encrypted P-256 key non-extractable, and its signature verifies with openssl', async () => {
    const made = await createSelfSignedCertificate({ aor: 'sip:alice@example.test' }, globalThis.crypto);
    const epki = await encryptPrivateKeyInfo(made.privateKeyInfo, 'pw', globalThis.crypto, { iterations: 1000 });
    const keys = await openPrivateKey(epki, 'pw', globalThis.crypto);
    expect(keys.type).toBe('P-256');
    expect(keys.signing.extractable).toBe(false);
    expect(keys.keyAgreement?.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', keys.signing)).rejects.toThrow();

    const data = utf8('INVITE sip:bob@example.test SIP/2.0');
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.signing, toArrayBuffer(data)));
    work = new Workdir();
    work.write('data', data);
    work.write('sig.der', rawToDerSignature(raw));
    work.write('cert.pem', toPem('CERTIFICATE', made.certificateDer));
    work.openssl('x509', '-in', 'cert.pem', '-noout', '-pubkey', '-out', 'pub.pem');
    expect(work.openssl('dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'data').toString()).toBe('Verified OK\n');
  });

  it('imports an openssl-encrypted RSA key whose signature openssl verifies (@peculiar/webcrypto)', async () => {
    const crypto = new PeculiarCrypto();
    const keys = await openPrivateKey(fixture('bob-rsa2048.aes256-sha256.epk.pem'), FIXTURE_PASSPHRASE, crypto);
    expect(keys.type).toBe('RSA');
    expect(keys.signing.extractable).toBe(false);
    expect(keys.keyTransport?.['SHA-256'].extractable).toBe(false);
    work = new Workdir();
    const data = utf8('hello');
    work.write('data', data);
    work.write('sig', new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.signing, toArrayBuffer(data))));
    work.openssl('x509', '-in', fixturePath('bob-rsa2048.cert.pem'), '-noout', '-pubkey', '-out', 'pub.pem');
    expect(work.openssl('dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig', 'data').toString()).toBe('Verified OK\n');
  });
});
