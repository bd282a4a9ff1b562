import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../../src/core/errors.ts';
import { parseAor } from '../../../src/core/x509/index.ts';

describe('parseAor', () => {
  it.each([
    { input: 'sip:alice@example.test', want: { scheme: 'sip', user: 'alice', host: 'example.test' } },
    { input: 'sips:bob.smith@sip.example.test', want: { scheme: 'sips', user: 'bob.smith', host: 'sip.example.test' } },
    { input: 'sip:%2Balice+1@example.test', want: { scheme: 'sip', user: '%2Balice+1', host: 'example.test' } },
    { input: 'sip:alice@192.0.2.1', want: { scheme: 'sip', user: 'alice', host: '192.0.2.1' } },
    { input: 'sip:alice@[2001:db8::1]', want: { scheme: 'sip', user: 'alice', host: '[2001:db8::1]' } },
  ])('accepts $input', ({ input, want }) => {
    expect(parseAor(input)).toEqual({ uri: input, ...want });
  });

  it.each([
    'alice@example.test',
    'tel:+15551234',
    'sip:example.test',
    'sip:@example.test',
    'sip:alice@',
    'sip:alice@example.test:5060',
    'sip:alice@example.test;transport=tls',
    'sip:alice@example.test?subject=x',
    'sip:al ice@example.test',
    'sip:alice@bob@example.test',
    'sip:alice@-bad-.test',
    'sip:%zz@example.test',
    'mailto:alice@example.test',
    'SIP:alice@example.test',
    'sip:alice:secret@example.test',
    'sip:al;ice@example.test',
    '<sip:alice@example.test>',
    '',
  ])('refuses %j with invalid-argument', (input) => {
    expect(() => parseAor(input)).toThrow(expect.toSatisfy((e) => isCoreError(e, 'invalid-argument')));
  });
});
