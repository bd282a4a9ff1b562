/** AOR comparison (rfc3261#section-19.1.4, the parts that make an AOR). */
import { describe, expect, it } from 'vitest';
import { aorParts, sameAor } from '../../../src/core/credentials/index.ts';
import { isCoreError } from '../../../src/core/errors.ts';

describe('sameAor', () => {
  it.each([
    { a: 'sip:bob@example.test', b: 'sip:bob@example.test', same: true },
    { a: 'sip:bob@example.test', b: 'SIP:bob@EXAMPLE.test', same: true },
    { a: '"Bob" <sip:bob@example.test>;tag=x', b: 'sip:bob@example.test', same: true },
    { a: 'sip:bob@example.test:5060;transport=ws', b: 'sip:bob@example.test', same: true },
    { a: 'sip:bob:pw@example.test', b: 'sip:bob@example.test', same: true },
    { a: 'sip:%62ob@example.test', b: 'sip:bob@example.test', same: true },
    { a: 'sip:b%2fob@example.test', b: 'sip:b%2Fob@example.test', same: true },
    { a: 'sip:bob@[2001:DB8::1]:5060', b: 'sip:bob@[2001:db8::1]', same: true },
    { a: 'sip:bob@[2001:db8:0:0::1]', b: 'sip:bob@[2001:DB8::1]', same: true },
    { a: 'sip:bob@example.test?subject=hi', b: '<sip:bob@example.test>', same: true },
    { a: 'sip:Bob@example.test', b: 'sip:bob@example.test', same: false },
    { a: 'sips:bob@example.test', b: 'sip:bob@example.test', same: false },
    { a: 'sip:bob@example.test', b: 'sip:bob@example.org', same: false },
    { a: 'sip:b%2fob@example.test', b: 'sip:b/ob@example.test', same: false },
    { a: 'sip:example.test', b: 'sip:example.test', same: false },
    { a: 'tel:+15551234', b: 'tel:+15551234', same: false },
  ])('$a vs $b: $same', ({ a, b, same }) => {
    expect(sameAor(a, b)).toBe(same);
    expect(sameAor(b, a)).toBe(same);
  });

  it.each(['', 'bob@example.test', 'sip:@example.test', 'sip:bob@', 'sip:bob@exa mple.test', 'sip:bo b@example.test', 'mailto:bob@example.test'])('aorParts refuses %j', (text) => {
    let error: unknown;
    try {
      aorParts(text);
    } catch (e) {
      error = e;
    }
    expect(isCoreError(error, 'invalid-argument')).toBe(true);
  });

  it('gives scheme, decoded user and lower-case host', () => {
    expect(aorParts('<SIPS:%61lice@Example.TEST:5061>')).toEqual({ scheme: 'sips', user: 'alice', host: 'example.test' });
  });
});
