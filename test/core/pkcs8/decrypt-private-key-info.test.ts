import * as asn1js from 'asn1js';
import { Crypto as PeculiarCrypto } from '@peculiar/webcrypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toArrayBuffer, toHex, utf8 } from '../../../src/core/bytes.ts';
import { isCoreError, type CoreErrorKind } from '../../../src/core/errors.ts';
import { decryptPrivateKeyInfo, readPrivateKey } from '../../../src/core/pkcs8/index.ts';
import { encodeEncryptedPrivateKeyInfo } from '../../../src/core/pkcs8/encrypted-private-key-info.ts';
import { encodePbes2, type Pbes2Params } from '../../../src/core/pkcs8/pbes2-params.ts';
import { Workdir, exact } from '../../helpers/openssl.ts';
import { FIXTURE_PASSPHRASE, fixture } from '../x509/fixture.ts';

let work: Workdir | undefined;
afterEach(() => work?.cleanup());

describe('decryptPrivateKeyInfo with openssl-made blobs', () => {
  const bobP256 = fixture('bob-p256.key.der');
  it.each([
    'bob-p256.aes256-sha256.epk.der',
    'bob-p256.aes128-default.epk.der',
    'bob-p256.aes128-sha1.epk.der',
    'bob-p256.aes192-sha512.epk.der',
    'bob-p256.aes256-sha384.epk.der',
    'bob-p256.aes256-sha224.epk.der',
  ])('opens %s to the PrivateKeyInfo openssl wrote, and refuses a wrong passphrase', async (file) => {
    const epki = fixture(file);
    expect(toHex(await decryptPrivateKeyInfo(epki, FIXTURE_PASSPHRASE, globalThis.crypto))).toBe(toHex(bobP256));
    await expect(decryptPrivateKeyInfo(epki, 'Correct horse battery staple', globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'wrong-passphrase'));
    await expect(decryptPrivateKeyInfo(epki, '', globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'wrong-passphrase'));
  });

  it.each(['bob-p256.des3.epk.der', 'bob-p256.pbes1.epk.der', 'bob-p256.scrypt.epk.der'])('refuses %s as unsupported', async (file) => {
    await expect(decryptPrivateKeyInfo(fixture(file), FIXTURE_PASSPHRASE, globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, 'unsupported'));
  });

  it('opens every cipher and PRF the installed openssl makes, with a UTF-8 passphrase', async () => {
    work = new Workdir();
    const passphrase = 'Grüße, ☎ 🔑';
    // `genpkey -outform DER` would write SEC1 ECPrivateKey, not PKCS#8: go through `pkcs8 -topk8 -nocrypt`.
    work.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'key.pem');
    const clear = exact(work.openssl('pkcs8', '-topk8', '-nocrypt', '-in', 'key.pem', '-outform', 'DER'));
    work.write('key.der', clear);
    for (const cipher of ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc']) {
      for (const prf of ['hmacWithSHA1', 'hmacWithSHA224', 'hmacWithSHA256', 'hmacWithSHA384', 'hmacWithSHA512']) {
        const epki = exact(
          work.openssl('pkcs8', '-topk8', '-inform', 'DER', '-in', 'key.der', '-v2', cipher, '-v2prf', prf, '-iter', '1000', '-passout', `pass:${passphrase}`, '-outform', 'DER'),
        );
        const opened = await decryptPrivateKeyInfo(epki, passphrase, globalThis.crypto);
        expect(toHex(opened), `${cipher} ${prf}`).toBe(toHex(clear));
      }
    }
  });

  it('works with @peculiar/webcrypto', async () => {
    const opened = await decryptPrivateKeyInfo(fixture('bob-p256.aes256-sha256.epk.der'), FIXTURE_PASSPHRASE, new PeculiarCrypto());
    expect(toHex(opened)).toBe(toHex(fixture('bob-p256.key.der')));
  });
});

describe('decryptPrivateKeyInfo refusals', () => {
  const base: Pbes2Params = {
    kdf: { salt: fromHex('0001020304050607'), iterations: 1, prf: 'SHA-256' },
    cipher: { keyBytes: 16, iv: fromHex('000102030405060708090a0b0c0d0e0f') },
  };
  const blob = (params: Pbes2Params, data: Uint8Array = new Uint8Array(32)): Uint8Array =>
    encodeEncryptedPrivateKeyInfo({ encryptionAlgorithm: encodePbes2(params), encryptedData: data });
  const withKdfParams = (fields: asn1js.AsnType[]): Uint8Array => {
    const algorithm = encodePbes2(base);
    const kdf = ((algorithm.valueBlock.value[1] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    kdf[1] = new asn1js.Sequence({ value: fields });
    return encodeEncryptedPrivateKeyInfo({ encryptionAlgorithm: algorithm, encryptedData: new Uint8Array(32) });
  };
  const salt = new asn1js.OctetString({ valueHex: new Uint8Array(8).buffer });

  const cases: { name: string; input: () => Uint8Array; want: CoreErrorKind }[] = [
    { name: 'empty input', input: () => new Uint8Array(0), want: 'malformed-der' },
    { name: 'garbage', input: () => utf8('not a key at all'), want: 'malformed-der' },
    { name: 'a clear PrivateKeyInfo', input: () => fixture('bob-p256.key.der'), want: 'malformed-key' },
    { name: 'a certificate', input: () => fixture('bob-p256.cert.der'), want: 'malformed-key' },
    { name: 'trailing bytes', input: () => new Uint8Array([...fixture('bob-p256.aes128-sha1.epk.der'), 0]), want: 'malformed-der' },
    { name: 'more than 10,000,000 iterations', input: () => blob({ ...base, kdf: { ...base.kdf, iterations: 10_000_001 } }), want: 'unsupported' },
    { name: 'a 2^40 iteration count', input: () => withKdfParams([salt, new asn1js.Integer({ valueHex: fromHex('010000000000').buffer as ArrayBuffer })]), want: 'unsupported' },
    { name: 'hmacWithSHA224 beyond its bound', input: () => blob({ ...base, kdf: { ...base.kdf, prf: 'SHA-224', iterations: 1_000_001 } }), want: 'unsupported' },
    { name: 'zero iterations', input: () => withKdfParams([salt, new asn1js.Integer({ value: 0 })]), want: 'malformed-key' },
    { name: 'negative iterations', input: () => withKdfParams([salt, new asn1js.Integer({ value: -5 })]), want: 'malformed-key' },
    { name: 'an empty salt', input: () => withKdfParams([new asn1js.OctetString(), new asn1js.Integer({ value: 1 })]), want: 'malformed-key' },
    { name: 'an otherSource salt', input: () => withKdfParams([new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.3' })] }), new asn1js.Integer({ value: 1 })]), want: 'unsupported' },
    { name: 'a keyLength that does not fit the cipher', input: () => blob({ ...base, kdf: { ...base.kdf, keyLength: 32 } }), want: 'malformed-key' },
    {
      name: 'an unknown PRF',
      input: () => withKdfParams([salt, new asn1js.Integer({ value: 1 }), new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.2.5' })] })]),
      want: 'unsupported',
    },
    { name: 'an 8-byte IV', input: () => blob({ ...base, cipher: { keyBytes: 16, iv: new Uint8Array(8) } }), want: 'malformed-key' },
    { name: 'data that is not whole AES blocks', input: () => blob(base, new Uint8Array(33)), want: 'malformed-key' },
    { name: 'no encrypted data', input: () => blob(base, new Uint8Array(0)), want: 'malformed-key' },
    { name: 'random ciphertext (bad padding or no key inside)', input: () => blob(base, fromHex('00'.repeat(32))), want: 'wrong-passphrase' },
  ];
  it.each(cases)('refuses $name with $want', async ({ input, want }) => {
    const started = performance.now();
    await expect(decryptPrivateKeyInfo(input(), 'pw', globalThis.crypto)).rejects.toSatisfy((e) => isCoreError(e, want));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('calls it a wrong passphrase when the padding is right but no PrivateKeyInfo is inside', async () => {
    // Encrypt "hello" correctly under the key PBKDF2 derives from "pw", so only the contents are wrong.
    const { pbkdf2 } = await import('../../../src/core/pkcs8/pbkdf2.ts');
    const keyBytes = await pbkdf2(utf8('pw'), base.kdf.salt, 1, 'SHA-256', 16, globalThis.crypto);
    const key = await crypto.subtle.importKey('raw', toArrayBuffer(keyBytes), 'AES-CBC', false, ['encrypt']);
    const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: toArrayBuffer(base.cipher.iv) }, key, toArrayBuffer(utf8('hello'))));
    await expect(decryptPrivateKeyInfo(blob(base, data), 'pw', globalThis.crypto)).rejects.toSatisfy(
      (e) => isCoreError(e, 'wrong-passphrase') && /no PrivateKeyInfo/.test(e.message),
    );
  });

  it('opens a blob without a prf (hmacWithSHA1 by default) written by us, and readPrivateKey agrees', async () => {
    const epki = fixture('bob-p256.aes128-sha1.epk.der');
    expect(toHex(await readPrivateKey(epki, FIXTURE_PASSPHRASE, globalThis.crypto))).toBe(toHex(fixture('bob-p256.key.der')));
  });
});
