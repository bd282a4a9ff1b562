/**
 * The building blocks of key agreement against independent judges: the X9.63 KDF against `openssl kdf X963KDF`
 * (SHA-224 itself is tested in test/core/sha224.test.ts), ECC-CMS-SharedInfo against RFC 5753 section 7.2's layout.
 */
import * as asn1js from 'asn1js';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../../src/core/bytes.ts';
import { encodeEccCmsSharedInfo } from '../../../../src/core/cms/envelope/ecc-cms-shared-info.ts';
import type { HashName } from '../../../../src/core/digest.ts';
import { x963Kdf } from '../../../../src/core/cms/envelope/x963-kdf.ts';
import { Workdir } from '../../../helpers/openssl.ts';
import { sampleContent } from './identities.ts';

const w = new Workdir();
afterAll(() => w.cleanup());

describe('x963Kdf', () => {
  const cases: { hash: HashName; digest: string; length: number }[] = [
    { hash: 'SHA-1', digest: 'SHA1', length: 16 },
    { hash: 'SHA-224', digest: 'SHA224', length: 32 },
    { hash: 'SHA-256', digest: 'SHA256', length: 16 },
    { hash: 'SHA-256', digest: 'SHA256', length: 80 },
    { hash: 'SHA-384', digest: 'SHA384', length: 32 },
    { hash: 'SHA-512', digest: 'SHA512', length: 24 },
  ];
  it.each(cases)('$hash, $length octets, matches openssl kdf X963KDF', async ({ hash, digest, length }) => {
    const secret = sampleContent(32, 5);
    const info = sampleContent(23, 6);
    const expected = w
      .openssl('kdf', '-keylen', String(length), '-kdfopt', `digest:${digest}`, '-kdfopt', `hexsecret:${toHex(secret)}`, '-kdfopt', `hexinfo:${toHex(info)}`, 'X963KDF')
      .toString()
      .trim();
    expect(toHex(await x963Kdf(hash, secret, info, length, globalThis.crypto))).toBe(expected.replace(/:/g, '').toLowerCase());
  });
});

describe('encodeEccCmsSharedInfo', () => {
  const aes128Wrap = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.1.5' })] });
  it('without a ukm: keyInfo and suppPubInfo only (what PKI.js gets wrong, its bug #335)', () => {
    // SEQUENCE { SEQUENCE { id-aes128-wrap }, [2] { OCTET STRING 00000080 } }
    expect(toHex(encodeEccCmsSharedInfo(aes128Wrap, undefined, 128))).toBe('3015' + '300b0609608648016503040105' + 'a2060404' + '00000080');
  });
  it('with a ukm: entityUInfo [0] between them', () => {
    expect(toHex(encodeEccCmsSharedInfo(aes128Wrap, fromHex('0102'), 256))).toBe('301b' + '300b0609608648016503040105' + 'a00404020102' + 'a2060404' + '00000100');
  });
});
