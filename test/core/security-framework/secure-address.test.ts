/** X-SIP-SECURE-TO and X-SIP-SECURE-FROM (seed 000 sections 4.1.1 and 4.1.2), with the seed's own values. */
import { describe, expect, it } from 'vitest';
import {
  formatSecureAddress,
  isFrameworkError,
  parseSecureFrom,
  parseSecureTo,
  realmOf,
  secureAddressMatches,
  type SecureAddress,
} from '../../../src/core/security-framework/index.ts';

const vectors: { name: string; input: string; want: SecureAddress }[] = [
  // Section 4: "X-SIP-SECURE-TO: P1@mtcc.com"
  { name: 'the seed\'s bare user@realm (section 4)', input: 'P1@mtcc.com', want: { user: 'P1', host: 'mtcc.com', wildcard: false } },
  // Section 5.2 step (3): "X-SIP-SECURE-TO: *@homer.com"
  { name: 'the wildcard of section 5.2 step (3)', input: '*@homer.com', want: { user: '*', host: 'homer.com', wildcard: true } },
  { name: 'SealPhone\'s AOR form', input: 'sip:alice@example.test', want: { scheme: 'sip', user: 'alice', host: 'example.test', wildcard: false } },
  { name: 'sips, upper-case scheme', input: 'SIPS:bob@Example.TEST', want: { scheme: 'sips', user: 'bob', host: 'Example.TEST', wildcard: false } },
];

describe('parseSecureTo / parseSecureFrom', () => {
  it.each(vectors)('$name', ({ input, want }) => {
    expect(parseSecureTo(input)).toEqual(want);
    expect(formatSecureAddress(parseSecureTo(input))).toBe(input.replace(/^SIPS/, 'sips'));
  });

  it('the wildcard is for X-SIP-SECURE-TO only (section 4.1.1: "the left hand side ... to \\"*\\"")', () => {
    expect(() => parseSecureFrom('*@homer.com')).toThrow(expect.toSatisfy((e: unknown) => isFrameworkError(e, 'malformed')));
    expect(parseSecureFrom('UAC@mtcc.com').wildcard).toBe(false);
  });

  it.each(['', '@mtcc.com', 'UAC@', 'UAC', 'U AC@mtcc.com', 'UAC@mt cc.com', 'sip:@x', 'a@b@', 'x'.repeat(600) + '@a.b'])('refuses %j', (input) => {
    expect(() => parseSecureTo(input)).toThrow(expect.toSatisfy((e: unknown) => isFrameworkError(e, 'malformed')));
  });
});

describe('secureAddressMatches', () => {
  const krusty = parseSecureFrom('P1@homer.com');
  it('"*@homer.com" takes "anybody in that realm" (section 5.2 step 3)', () => {
    expect(secureAddressMatches(parseSecureTo('*@homer.com'), krusty)).toBe(true);
    expect(secureAddressMatches(parseSecureTo('*@HOMER.com'), parseSecureFrom('UAC@homer.com'))).toBe(true);
    expect(secureAddressMatches(parseSecureTo('*@homer.com'), parseSecureFrom('P2@mtcc.com'))).toBe(false);
  });
  it('one entity: user exact, realm without case, scheme only when both write one', () => {
    expect(secureAddressMatches(parseSecureTo('sip:alice@example.test'), parseSecureFrom('alice@EXAMPLE.test'))).toBe(true);
    expect(secureAddressMatches(parseSecureTo('sip:%61lice@example.test'), parseSecureFrom('sip:alice@example.test'))).toBe(true);
    expect(secureAddressMatches(parseSecureTo('sip:Alice@example.test'), parseSecureFrom('sip:alice@example.test'))).toBe(false);
    expect(secureAddressMatches(parseSecureTo('sips:alice@example.test'), parseSecureFrom('sip:alice@example.test'))).toBe(false);
  });
  it('the realm is the host in lower case', () => {
    expect(realmOf(parseSecureTo('UAC@MTCC.com'))).toBe('mtcc.com');
  });
});
