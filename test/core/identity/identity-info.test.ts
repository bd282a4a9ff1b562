import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, isCoreError } from '../../../src/core/errors.ts';
import { formatIdentityInfo, identityResponseFor, parseIdentityInfo } from '../../../src/core/identity/index.ts';

describe('Identity-Info (rfc4474#section-9)', () => {
  it('formats <url>;alg=...', () => {
    expect(formatIdentityInfo('https://sealphone.test/as.cer')).toBe('<https://sealphone.test/as.cer>;alg=rsa-sha256');
    expect(formatIdentityInfo('http://127.0.0.1:8080/as.cer', 'rsa-sha1')).toBe('<http://127.0.0.1:8080/as.cer>;alg=rsa-sha1');
    expect(() => formatIdentityInfo('not a url')).toThrow(CoreError);
    expect(() => formatIdentityInfo('https://x.test/a>b')).toThrow(CoreError);
  });

  it.each([
    { name: 'ours', input: '<https://sealphone.test/as.cer>;alg=rsa-sha256', want: { url: 'https://sealphone.test/as.cer', alg: 'rsa-sha256', params: {} } },
    { name: 'no alg: rsa-sha1 (the RFC 4474 default)', input: '<https://atlanta.example.com/atlanta.cer>', want: { url: 'https://atlanta.example.com/atlanta.cer', alg: 'rsa-sha1', params: {} } },
    { name: 'Kamailio style', input: '<http://kamailio.test/cert.pem>;alg=rsa-sha1', want: { url: 'http://kamailio.test/cert.pem', alg: 'rsa-sha1', params: {} } },
    { name: 'case and spaces', input: '  < https://x.test/c.cer > ; ALG = RSA-SHA256 ', want: { url: 'https://x.test/c.cer', alg: 'rsa-sha256', params: {} } },
    { name: 'folded', input: '<https://x.test/c.cer>\r\n ;alg=rsa-sha256', want: { url: 'https://x.test/c.cer', alg: 'rsa-sha256', params: {} } },
    { name: 'extension params', input: '<https://x.test/c.cer>;alg=rsa-sha256;foo;bar="a;b"', want: { url: 'https://x.test/c.cer', alg: 'rsa-sha256', params: { foo: null, bar: '"a;b"' } } },
    { name: 'sip URI', input: '<sip:as@x.test;transport=tls>;alg=rsa-sha256', want: { url: 'sip:as@x.test;transport=tls', alg: 'rsa-sha256', params: {} } },
  ])('parses $name', ({ input, want }) => {
    const info = parseIdentityInfo(input);
    expect({ ...info, params: { ...info.params } }).toEqual(want);
  });

  it.each([
    { name: 'empty', input: '' },
    { name: 'no <>', input: 'https://x.test/c.cer;alg=rsa-sha256' },
    { name: 'unclosed <', input: '<https://x.test/c.cer;alg=rsa-sha256' },
    { name: 'relative URI', input: '<as.cer>;alg=rsa-sha256' },
    { name: 'empty URI', input: '<>' },
    { name: 'unknown alg', input: '<https://x.test/c.cer>;alg=ecdsa-sha256' },
    { name: 'empty alg', input: '<https://x.test/c.cer>;alg=' },
    { name: 'alg without value', input: '<https://x.test/c.cer>;alg' },
    { name: 'alg twice', input: '<https://x.test/c.cer>;alg=rsa-sha256;alg=rsa-sha1' },
    { name: 'text after the URI', input: '<https://x.test/c.cer> alg=rsa-sha256' },
    { name: 'bad param name', input: '<https://x.test/c.cer>;a b=c' },
    { name: 'unterminated quote', input: '<https://x.test/c.cer>;x="abc' },
    { name: 'too long', input: `<https://x.test/${'a'.repeat(5000)}>` },
  ])('refuses $name with unsupported (436 Bad Identity-Info)', ({ input }) => {
    let caught: unknown;
    try {
      parseIdentityInfo(input);
    } catch (error) {
      caught = error;
    }
    expect(isCoreError(caught, 'unsupported')).toBe(true);
    expect(identityResponseFor(caught)).toEqual({ status: 436, reason: 'Bad Identity-Info' });
  });

  it('a __proto__ parameter is data, not a prototype', () => {
    const info = parseIdentityInfo('<https://x.test/c>;__proto__=x');
    expect(info.params['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(info.params)).toBe(null);
  });

  it('round-trips what formatIdentityInfo writes', () => {
    const url = fc.tuple(fc.constantFrom('https', 'http', 'sip'), fc.stringMatching(/^[A-Za-z0-9._~:/?#[\]@!$&'()*+,;=%-]{1,60}$/)).map(([scheme, rest]) => `${scheme}:${rest}`);
    fc.assert(
      fc.property(url, fc.constantFrom('rsa-sha256' as const, 'rsa-sha1' as const), (u, alg) => {
        expect(parseIdentityInfo(formatIdentityInfo(u, alg))).toMatchObject({ url: u, alg });
      }),
    );
  });

  it('any input gives an IdentityInfo or a CoreError', () => {
    const pieces = fc.constantFrom('<', '>', ';', '=', '"', '\\', 'alg', 'rsa-sha256', 'rsa-sha1', 'https://x.test/c', ' ', '\r\n ');
    const input = fc.oneof(fc.string(), fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(input, (value) => {
        try {
          const info = parseIdentityInfo(value);
          expect(['rsa-sha256', 'rsa-sha1']).toContain(info.alg);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
