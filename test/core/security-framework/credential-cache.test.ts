/** Cached credentials (seed 000 section 4.4): the X-SIP-SECURE-CACHED notice and the bounded cache keyed on (FROM, TO, METHOD). */
import { describe, expect, it } from 'vitest';
import { SMIME_METHOD } from '../../../src/core/secure-body/index.ts';
import { CredentialCache, formatCachedIndicator, isFrameworkError, parseCachedIndicator, parseSecureFrom, parseSecureTo } from '../../../src/core/security-framework/index.ts';

const T0 = new Date(Date.UTC(2002, 1, 21, 13, 2, 3));
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
// Section 4.4: "The credential cache itself is keyed off of the X-SIP-SECURE-FROM, X-SIP-SECURE-TO, and X-SIP-SECURE-METHOD tuple."
const KEY = { secureFrom: parseSecureFrom('sip:bob@example.test'), secureTo: parseSecureTo('sip:alice@example.test'), method: SMIME_METHOD };

describe('X-SIP-SECURE-CACHED', () => {
  it('round-trips "method=(r:context)"', () => {
    const value = formatCachedIndicator(SMIME_METHOD, '3f2a9c0d51e7b864');
    expect(value).toBe('smime.sec.sip.iana=(r:3f2a9c0d51e7b864)');
    expect(parseCachedIndicator(value)).toEqual({ method: SMIME_METHOD, realm: '3f2a9c0d51e7b864' });
    expect(parseCachedIndicator('SMIME.sec.sip.iana=(R:3f2a9c0d51e7b864)')).toEqual({ method: SMIME_METHOD, realm: '3f2a9c0d51e7b864' });
  });
  it.each(['', 'smime.sec.sip.iana', 'smime.sec.sip.iana=(r:a); tls.sec.sip.iana=(r:b)', 'smime.sec.sip.iana=(r:a, k:ike)', 'smime.sec.sip.iana=(r:a, m)', '(('])('refuses %j', (value) => {
    expect(() => parseCachedIndicator(value)).toThrow(expect.toSatisfy((e: unknown) => isFrameworkError(e, 'malformed')));
  });
});

describe('CredentialCache', () => {
  it('keyed on (FROM, TO, METHOD): each part counts, realms without case', () => {
    const cache = new CredentialCache<string>();
    cache.set(KEY, 'k1', 'bob-cert', T0);
    expect(cache.get(KEY, T0)?.value).toBe('bob-cert');
    expect(cache.get({ ...KEY, secureFrom: parseSecureFrom('bob@EXAMPLE.test') }, T0)?.value).toBe('bob-cert');
    expect(cache.get({ ...KEY, method: 'preshared.sec.sip.iana' }, T0)).toBeUndefined();
    expect(cache.get({ ...KEY, secureTo: parseSecureTo('sip:carol@example.test') }, T0)).toBeUndefined();
    expect(cache.get({ ...KEY, secureFrom: KEY.secureTo, secureTo: KEY.secureFrom }, T0)).toBeUndefined();
  });

  it('a fresh credential replaces the entry; a context that does not match is a miss', () => {
    const cache = new CredentialCache<string>();
    cache.set(KEY, 'k1', 'old', T0);
    cache.set(KEY, 'k2', 'new', T0);
    expect(cache.size).toBe(1);
    expect(cache.get(KEY, T0, 'k1')).toBeUndefined();
    expect(cache.get(KEY, T0, 'k2')?.value).toBe('new');
  });

  it('entries expire ("It MUST NOT be assumed ... valid for any particular duration")', () => {
    const cache = new CredentialCache<string>({ maxAgeSeconds: 60 });
    cache.set(KEY, 'k1', 'v', T0);
    expect(cache.get(KEY, at(60))?.value).toBe('v');
    expect(cache.get(KEY, at(61))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('is bounded: the least recently used goes first', () => {
    const cache = new CredentialCache<number>({ maxEntries: 2 });
    const key = (user: string) => ({ ...KEY, secureFrom: parseSecureFrom(`sip:${user}@example.test`) });
    cache.set(key('a'), 'c', 1, T0);
    cache.set(key('b'), 'c', 2, T0);
    cache.get(key('a'), T0);
    cache.set(key('c'), 'c', 3, T0);
    expect(cache.size).toBe(2);
    expect(cache.get(key('b'), T0)).toBeUndefined();
    expect(cache.get(key('a'), T0)?.value).toBe(1);
    expect(cache.delete(key('a'))).toBe(true);
    expect(cache.get(key('a'), T0)).toBeUndefined();
  });
});
