/**
 * The Digest computation against RFC 7616 section 3.9.1 (the "Mufasa" example, SHA-256 and MD5), and the nonce
 * primitives: stateless nonces and the bounded nonce-count cache.
 */
import { describe, expect, it } from 'vitest';
import { digestAlgorithmOf, digestHash, digestResponse, NonceIssuer, type DigestAlgorithm } from '../../../server/sip/auth/index.ts';
import { NonceCountCache } from '../../../server/sip/auth/nonce-count-cache.ts';

const RFC7616 = {
  username: 'Mufasa',
  realm: 'http-auth@example.org',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  nc: '00000001',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};

const vectors: Array<{ name: string; algorithm: DigestAlgorithm; want: string }> = [
  { name: 'RFC 7616 section 3.9.1, SHA-256', algorithm: 'SHA-256', want: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1' },
  { name: 'RFC 7616 section 3.9.1, MD5', algorithm: 'MD5', want: '8ca523f5e9506fed4657c9700eebdbec' },
];

describe('digestResponse', () => {
  for (const v of vectors) {
    it(v.name, () => {
      const ha1 = digestHash(v.algorithm, `${RFC7616.username}:${RFC7616.realm}:${RFC7616.password}`);
      const got = digestResponse({ algorithm: v.algorithm, ha1, nonce: RFC7616.nonce, nc: RFC7616.nc, cnonce: RFC7616.cnonce, qop: 'auth', method: RFC7616.method, digestUri: RFC7616.uri });
      expect(got).toBe(v.want);
      // HA1 as the store keeps it may be upper-case hex from elsewhere: same answer.
      expect(digestResponse({ algorithm: v.algorithm, ha1: ha1.toUpperCase(), nonce: RFC7616.nonce, nc: RFC7616.nc, cnonce: RFC7616.cnonce, qop: 'auth', method: RFC7616.method, digestUri: RFC7616.uri })).toBe(v.want);
    });
  }

  it('reads the algorithm parameter: absent is MD5 (RFC 2617 3.2.1), case does not matter, others are unknown', () => {
    expect(digestAlgorithmOf(undefined)).toBe('MD5');
    expect(digestAlgorithmOf('sha-256')).toBe('SHA-256');
    expect(digestAlgorithmOf('md5')).toBe('MD5');
    expect(digestAlgorithmOf('MD5-sess')).toBeUndefined();
    expect(digestAlgorithmOf('SHA-512-256')).toBeUndefined();
  });
});

describe('NonceIssuer', () => {
  const secret = new Uint8Array(32).fill(7);
  const t0 = 1_767_000_000_000;

  it('issues distinct 64-character base64 nonces that check as valid for their realm until the lifetime ends', () => {
    const issuer = new NonceIssuer(secret, 300_000);
    const a = issuer.issue('sealphone.test', t0);
    const b = issuer.issue('sealphone.test', t0);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9+/]{64}$/);
    expect(issuer.check(a, 'sealphone.test', t0 + 300_000)).toEqual({ status: 'valid', issuedAt: t0 });
    expect(issuer.check(a, 'sealphone.test', t0 + 300_001)).toEqual({ status: 'expired', issuedAt: t0 });
    expect(issuer.check(a, 'other.test', t0).status).toBe('invalid');
  });

  it('refuses nonces it did not make: other secret, flipped bits, a moved timestamp, junk, the far future', () => {
    const issuer = new NonceIssuer(secret);
    const nonce = issuer.issue('sealphone.test', t0);
    expect(new NonceIssuer(new Uint8Array(32).fill(8)).check(nonce, 'sealphone.test', t0).status).toBe('invalid');
    const bytes = Buffer.from(nonce, 'base64');
    for (const at of [0, 7, 8, 20, 47]) {
      const copy = Buffer.from(bytes);
      copy[at] = copy[at]! ^ 1;
      expect(issuer.check(copy.toString('base64'), 'sealphone.test', t0).status, `byte ${at}`).toBe('invalid');
    }
    for (const junk of ['', 'abc', nonce.slice(1), `${nonce}=`, nonce.replace(/.$/, '*'), 'A'.repeat(64)]) {
      expect(issuer.check(junk, 'sealphone.test', t0).status).toBe('invalid');
    }
    const future = issuer.issue('sealphone.test', t0 + 60_000);
    expect(issuer.check(future, 'sealphone.test', t0).status).toBe('invalid');
  });

  it('derives a stable opaque per secret and realm', () => {
    const issuer = new NonceIssuer(secret);
    expect(issuer.opaque('sealphone.test')).toBe(new NonceIssuer(secret).opaque('sealphone.test'));
    expect(issuer.opaque('sealphone.test')).not.toBe(issuer.opaque('other.test'));
    expect(issuer.opaque('sealphone.test')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('wants a secret of at least 16 bytes', () => {
    expect(() => new NonceIssuer(new Uint8Array(15))).toThrow(TypeError);
  });
});

describe('NonceCountCache', () => {
  it('accepts only increasing nonce-counts per key', () => {
    const cache = new NonceCountCache(1000);
    expect(cache.use('n', 0, 1, 0)).toBe(true);
    expect(cache.use('n', 0, 1, 0)).toBe(false);
    expect(cache.use('n', 0, 3, 0)).toBe(true);
    expect(cache.use('n', 0, 2, 0)).toBe(false);
    expect(cache.use('m', 0, 1, 0)).toBe(true);
  });

  it('forgets entries whose nonce has expired', () => {
    const cache = new NonceCountCache(1000);
    cache.use('a', 0, 1, 0);
    cache.use('b', 500, 1, 500);
    cache.use('c', 1600, 1, 1600);
    expect(cache.size).toBe(1);
  });

  it('stays within its bound; a nonce issued before an evicted one counts as used up (the client gets stale=true)', () => {
    const cache = new NonceCountCache(60_000, 2);
    expect(cache.use('a', 10, 1, 100)).toBe(true);
    expect(cache.use('b', 20, 1, 100)).toBe(true);
    expect(cache.use('c', 30, 1, 100)).toBe(true);
    expect(cache.size).toBe(2);
    expect(cache.use('a', 10, 2, 100)).toBe(false); // evicted: might be a replay
    expect(cache.use('z', 5, 1, 100)).toBe(false); // issued before the floor, never seen
    expect(cache.use('d', 40, 1, 100)).toBe(true);
  });
});
