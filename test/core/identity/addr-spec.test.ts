import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, isCoreError } from '../../../src/core/errors.ts';
import { addrSpecOf } from '../../../src/core/identity/index.ts';

describe('addrSpecOf', () => {
  it.each([
    { name: 'bare URI', input: 'sip:alice@example.test', want: 'sip:alice@example.test' },
    { name: 'name-addr with tag', input: 'Alice <sip:alice@atlanta.example.com>;tag=1928301774', want: 'sip:alice@atlanta.example.com' },
    { name: 'quoted display name', input: '"Alice Liddell" <sip:alice@example.test>;tag=9', want: 'sip:alice@example.test' },
    { name: 'quoted name holding <, > and an escaped quote', input: '"a <b> \\"c\\"" <sip:c@example.test>', want: 'sip:c@example.test' },
    { name: 'no display name', input: '<sips:bob@example.test;transport=ws>;expires=60', want: 'sips:bob@example.test;transport=ws' },
    { name: 'URI parameters inside <>', input: '<sip:bob@192.0.2.4:5060;ob>', want: 'sip:bob@192.0.2.4:5060;ob' },
    { name: 'addr-spec with header params', input: 'sip:bob@example.test;tag=abc', want: 'sip:bob@example.test' },
    { name: 'first of a Contact list', input: '<sip:a@example.test>, <sip:b@example.test>', want: 'sip:a@example.test' },
    { name: 'addr-spec list', input: 'sip:a@example.test , sip:b@example.test', want: 'sip:a@example.test' },
    { name: 'surrounding and folded whitespace', input: '  Bob\r\n <sip:bob@example.test> ', want: 'sip:bob@example.test' },
    { name: 'tel URI', input: '<tel:+15551234567>', want: 'tel:+15551234567' },
    { name: 'space inside <> trimmed', input: '< sip:bob@example.test >', want: 'sip:bob@example.test' },
  ])('$name', ({ input, want }) => {
    expect(addrSpecOf(input)).toBe(want);
  });

  it.each([
    { name: 'empty', input: '' },
    { name: 'Contact *', input: '*' },
    { name: 'no scheme', input: 'alice@example.test' },
    { name: 'unclosed <', input: 'Alice <sip:alice@example.test' },
    { name: 'unterminated quote', input: '"Alice <sip:alice@example.test>' },
    { name: 'quoted name without <>', input: '"Alice" sip:alice@example.test' },
    { name: 'bad display name', input: 'Al;ice <sip:alice@example.test>' },
    { name: '| in the URI', input: '<sip:al|ice@example.test>' },
    { name: 'space in the URI', input: '<sip:al ice@example.test>' },
    { name: 'control character', input: 'sip:alice@example.test\u0000' },
  ])('refuses $name', ({ input }) => {
    expect(() => addrSpecOf(input)).toThrow(CoreError);
    try {
      addrSpecOf(input);
    } catch (error) {
      expect(isCoreError(error, 'invalid-argument')).toBe(true);
    }
  });

  it('returns a URI or throws CoreError for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '<', '>', ';', ',', 'sip:', '\\').chain((c) => fc.string().map((s) => c + s + c))), (input) => {
        try {
          const uri = addrSpecOf(input);
          expect(uri).toMatch(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s|<>"]+$/);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
