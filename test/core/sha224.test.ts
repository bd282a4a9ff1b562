/**
 * SHA-224, HMAC-SHA-224 and PBKDF2-HMAC-SHA-224 (WebCrypto has none) against published vectors and independent
 * judges: FIPS 180-4 examples, node:crypto at every padding boundary, RFC 4231, and `openssl kdf PBKDF2`.
 */
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../src/core/bytes.ts';
import { hmacSha224, pbkdf2HmacSha224, sha224 } from '../../src/core/sha224.ts';
import { Workdir } from '../helpers/openssl.ts';

const w = new Workdir();
afterAll(() => w.cleanup());

describe('sha224 (FIPS 180-4 section 6.3)', () => {
  it.each([
    { input: '', want: 'd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f' },
    { input: 'abc', want: '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7' },
    { input: 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', want: '75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525' },
  ])('hashes "$input" as FIPS 180-4 says', ({ input, want }) => {
    expect(toHex(sha224(utf8(input)))).toBe(want);
  });

  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000])('matches node:crypto for %i octets', (length) => {
    const data = Uint8Array.from({ length }, (_, i) => (i * 167 + length) & 0xff);
    expect(toHex(sha224(data))).toBe(createHash('sha224').update(data).digest('hex'));
  });
});

describe('hmacSha224 (RFC 2104)', () => {
  it('computes what RFC 4231 test cases 1, 2 and 6 say', () => {
    expect(toHex(hmacSha224(fromHex('0b'.repeat(20)))(utf8('Hi There')))).toBe('896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22');
    expect(toHex(hmacSha224(utf8('Jefe'))(utf8('what do ya want for nothing?')))).toBe('a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44');
    expect(toHex(hmacSha224(fromHex('aa'.repeat(131)))(utf8('Test Using Larger Than Block-Size Key - Hash Key First')))).toBe(
      '95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e',
    );
  });
});

describe('pbkdf2HmacSha224 (RFC 8018 section 5.2)', () => {
  it.each([
    { iterations: 1, length: 28 },
    { iterations: 4096, length: 40 },
    { iterations: 2, length: 100 },
  ])('derives what openssl kdf PBKDF2 with SHA2-224 derives: $iterations iterations, $length octets', ({ iterations, length }) => {
    const theirs = w
      .openssl('kdf', '-keylen', String(length), '-kdfopt', 'digest:SHA2-224', '-kdfopt', 'pass:password', '-kdfopt', 'salt:NaCl salt', '-kdfopt', `iter:${iterations}`, 'PBKDF2')
      .toString()
      .trim();
    expect(toHex(pbkdf2HmacSha224(utf8('password'), utf8('NaCl salt'), iterations, length))).toBe(theirs.replaceAll(':', '').toLowerCase());
  });
});
