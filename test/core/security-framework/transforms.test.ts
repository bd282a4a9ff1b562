/**
 * The transforms under the pre-shared crypto-system, proved on published known-answer vectors:
 * HMAC-SHA-256 (RFC 4231 section 4.2 and 4.3, test cases 1 and 2), AES-GCM (McGrew and Viega, "The Galois/Counter
 * Mode of Operation", test cases 3 and 4 for AES-128, 15 and 16 for AES-256; the same vectors as NIST's GCM
 * submission), HKDF-SHA-256 (RFC 5869 appendix A.1, test case 1).
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from '../../../src/core/bytes.ts';
import { aesGcmOpen, aesGcmSeal, hkdfSha256, hmacSha256, importAesGcmKey, importHmacSha256Key, verifyHmacSha256 } from '../../../src/core/security-framework/index.ts';

const crypto = globalThis.crypto;

describe('HMAC-SHA-256 (RFC 4231)', () => {
  const cases = [
    { name: 'test case 1', key: '0b'.repeat(20), data: utf8('Hi There'), want: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
    { name: 'test case 2 ("Jefe")', key: toHex(utf8('Jefe')), data: utf8('what do ya want for nothing?'), want: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
  ];
  it.each(cases)('$name', async ({ key, data, want }) => {
    const k = await importHmacSha256Key(fromHex(key), crypto);
    expect(toHex(await hmacSha256(k, data, crypto))).toBe(want);
    expect(await verifyHmacSha256(k, fromHex(want), data, crypto)).toBe(true);
    const flipped = fromHex(want);
    flipped[31]! ^= 1;
    expect(await verifyHmacSha256(k, flipped, data, crypto)).toBe(false);
  });
});

describe('AES-GCM (McGrew and Viega test cases)', () => {
  const P = 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
  const A = 'feedfacedeadbeeffeedfacedeadbeefabaddad2';
  const IV = 'cafebabefacedbaddecaf888';
  const K128 = 'feffe9928665731c6d6a8f9467308308';
  const cases = [
    { name: 'test case 3 (AES-128)', key: K128, p: P, a: '', c: '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985', t: '4d5c2af327cd64a62cf35abd2ba6fab4' },
    { name: 'test case 4 (AES-128, additional data)', key: K128, p: P.slice(0, 120), a: A, c: '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091', t: '5bc94fbc3221a5db94fae95ae7121a47' },
    { name: 'test case 15 (AES-256)', key: K128 + K128, p: P, a: '', c: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad', t: 'b094dac5d93471bdec1a502270e3cc6c' },
    { name: 'test case 16 (AES-256, additional data)', key: K128 + K128, p: P.slice(0, 120), a: A, c: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662', t: '76fc6ece0f4e1768cddf8853bb2d551b' },
  ];
  it.each(cases)('$name: IV || ciphertext || tag, and back', async ({ key, p, a, c, t }) => {
    const k = await importAesGcmKey(fromHex(key), crypto);
    const sealed = await aesGcmSeal(k, fromHex(p), fromHex(a), crypto, fromHex(IV));
    expect(toHex(sealed)).toBe(IV + c + t);
    expect(toHex((await aesGcmOpen(k, sealed, fromHex(a), crypto))!)).toBe(p);
    const tampered = sealed.slice();
    tampered[20]! ^= 0x80;
    expect(await aesGcmOpen(k, tampered, fromHex(a), crypto)).toBeUndefined();
    expect(await aesGcmOpen(k, sealed, concatBytes(fromHex(a), new Uint8Array([0])), crypto)).toBeUndefined();
    expect(await aesGcmOpen(k, sealed.subarray(0, 27), fromHex(a), crypto)).toBeUndefined();
  });

  it('draws a fresh 96-bit IV each time', async () => {
    const k = await importAesGcmKey(new Uint8Array(32), crypto);
    const [x, y] = [await aesGcmSeal(k, utf8('same'), new Uint8Array(0), crypto), await aesGcmSeal(k, utf8('same'), new Uint8Array(0), crypto)];
    expect(x.length).toBe(12 + 4 + 16);
    expect(toHex(x.subarray(0, 12))).not.toBe(toHex(y.subarray(0, 12)));
  });
});

describe('HKDF-SHA-256 (RFC 5869)', () => {
  it('test case 1 (appendix A.1)', async () => {
    const okm = await hkdfSha256(fromHex('0b'.repeat(22)), fromHex('000102030405060708090a0b0c'), fromHex('f0f1f2f3f4f5f6f7f8f9'), 42, crypto);
    expect(toHex(okm)).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });
});
