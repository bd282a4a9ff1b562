import { Crypto as PeculiarCrypto } from '@peculiar/webcrypto';
import { afterEach, describe, expect, it } from 'vitest';
import { equalBytes, toHex, utf8 } from '../../../src/core/bytes.ts';
import { isCoreError } from '../../../src/core/errors.ts';
import { DEFAULT_PBKDF2_ITERATIONS, decryptPrivateKeyInfo, encryptPrivateKeyInfo } from '../../../src/core/pkcs8/index.ts';
import { derFromPemOrDer } from '../../../src/core/pem.ts';
import { Workdir, exact } from '../../helpers/openssl.ts';
import { fixture } from '../x509/fixture.ts';

let work: Workdir | undefined;
afterEach(() => work?.cleanup());

/** What `openssl pkcs8` gets out of our blob: clear PKCS#8 DER. Without -topk8, `-outform DER` would write SEC1/PKCS#1. */
function opensslDecrypt(w: Workdir, epki: Uint8Array, passphrase: string): Uint8Array {
  w.write('key.epk.der', epki);
  const der = exact(w.openssl('pkcs8', '-topk8', '-nocrypt', '-inform', 'DER', '-in', 'key.epk.der', '-passin', `pass:${passphrase}`, '-outform', 'DER'));
  const pem = exact(w.openssl('pkcs8', '-inform', 'DER', '-in', 'key.epk.der', '-passin', `pass:${passphrase}`));
  expect(toHex(derFromPemOrDer(pem, ['PRIVATE KEY']).der)).toBe(toHex(der));
  return der;
}

describe('encryptPrivateKeyInfo', () => {
  it.each([
    { key: 'bob-p256.key.der', passphrase: 'correct horse battery staple' },
    { key: 'bob-rsa2048.key.der', passphrase: 'pässwörd ☎ 🔑' },
  ])('makes a blob that openssl pkcs8 opens to the same bytes ($key)', async ({ key, passphrase }) => {
    const clear = fixture(key);
    const epki = await encryptPrivateKeyInfo(clear, passphrase, globalThis.crypto, { iterations: 1000 });
    work = new Workdir();
    expect(toHex(opensslDecrypt(work, epki, passphrase))).toBe(toHex(clear));
    expect(toHex(await decryptPrivateKeyInfo(epki, passphrase, globalThis.crypto))).toBe(toHex(clear));
    expect(work.tryOpenssl('pkcs8', '-inform', 'DER', '-in', 'key.epk.der', '-passin', 'pass:wrong').status).not.toBe(0);
  });

  it('writes PBES2, PBKDF2 with an explicit hmacWithSHA256, a 16-byte salt and AES-256-CBC (openssl asn1parse)', async () => {
    const epki = await encryptPrivateKeyInfo(fixture('bob-p256.key.der'), 'pw', globalThis.crypto, { iterations: 4242 });
    work = new Workdir();
    work.write('k.der', epki);
    const lines = work.openssl('asn1parse', '-inform', 'DER', '-in', 'k.der').toString().split('\n');
    const find = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    const pbes2 = find(/OBJECT\s+:PBES2$/);
    expect(pbes2).toBeGreaterThan(0);
    expect(lines[pbes2 + 2]).toMatch(/d=3 .*SEQUENCE/);
    expect(lines[pbes2 + 3]).toMatch(/OBJECT\s+:PBKDF2$/);
    expect(lines[pbes2 + 4]).toMatch(/d=4 .*SEQUENCE/);
    expect(lines[pbes2 + 5]).toMatch(/l=\s*16 prim: OCTET STRING/);
    expect(lines[pbes2 + 6]).toMatch(/INTEGER\s+:1092$/); // 4242
    expect(lines[pbes2 + 7]).toMatch(/d=5 .*SEQUENCE/);
    expect(lines[pbes2 + 8]).toMatch(/OBJECT\s+:hmacWithSHA256$/);
    expect(lines[pbes2 + 9]).toMatch(/prim: NULL/);
    expect(lines[pbes2 + 11]).toMatch(/OBJECT\s+:aes-256-cbc$/);
    expect(lines[pbes2 + 12]).toMatch(/l=\s*16 prim: OCTET STRING/);
    expect(lines[pbes2 + 13]).toMatch(/d=1 .*l=\s*144 prim: OCTET STRING/); // 138 bytes padded to 9 AES blocks
  });

  it(`uses ${DEFAULT_PBKDF2_ITERATIONS} iterations by default, which openssl also reads`, async () => {
    const clear = fixture('bob-p256.key.der');
    const epki = await encryptPrivateKeyInfo(clear, 'default count', globalThis.crypto);
    work = new Workdir();
    work.write('k.der', epki);
    expect(work.openssl('asn1parse', '-inform', 'DER', '-in', 'k.der').toString()).toMatch(
      new RegExp(`INTEGER\\s+:${DEFAULT_PBKDF2_ITERATIONS.toString(16).toUpperCase().padStart(6, '0')}\\n`),
    );
    expect(toHex(opensslDecrypt(work, epki, 'default count'))).toBe(toHex(clear));
  });

  it('draws a fresh salt and IV every time', async () => {
    const clear = fixture('bob-p256.key.der');
    const a = await encryptPrivateKeyInfo(clear, 'pw', globalThis.crypto, { iterations: 1 });
    const b = await encryptPrivateKeyInfo(clear, 'pw', globalThis.crypto, { iterations: 1 });
    expect(equalBytes(a, b)).toBe(false);
    expect(a.length).toBe(b.length);
  });

  it('works with @peculiar/webcrypto, both ways', async () => {
    const crypto = new PeculiarCrypto();
    const clear = fixture('bob-rsa2048.key.der');
    const epki = await encryptPrivateKeyInfo(clear, 'pw', crypto, { iterations: 1000 });
    expect(toHex(await decryptPrivateKeyInfo(epki, 'pw', crypto))).toBe(toHex(clear));
    work = new Workdir();
    expect(toHex(opensslDecrypt(work, epki, 'pw'))).toBe(toHex(clear));
  });

  it.each([
    { name: 'zero iterations', options: { iterations: 0 }, passphrase: 'pw', want: 'invalid-argument' },
    { name: 'fractional iterations', options: { iterations: 1.5 }, passphrase: 'pw', want: 'invalid-argument' },
    { name: 'too many iterations', options: { iterations: 10_000_001 }, passphrase: 'pw', want: 'invalid-argument' },
    { name: 'an empty passphrase', options: {}, passphrase: '', want: 'invalid-argument' },
  ] as const)('refuses $name', async ({ options, passphrase, want }) => {
    await expect(encryptPrivateKeyInfo(fixture('bob-p256.key.der'), passphrase, globalThis.crypto, options)).rejects.toSatisfy((e) => isCoreError(e, want));
  });

  it('refuses to encrypt something that is not a PrivateKeyInfo', async () => {
    for (const notKey of [utf8('hello'), fixture('bob-p256.cert.der'), fixture('bob-p256.aes128-sha1.epk.der')]) {
      await expect(encryptPrivateKeyInfo(notKey, 'pw', globalThis.crypto, { iterations: 1 })).rejects.toSatisfy((e) => isCoreError(e, 'malformed-key'));
    }
  });
});
