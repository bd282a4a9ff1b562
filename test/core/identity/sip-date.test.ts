import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src/core/errors.ts';
import { formatSipDate, parseSipDate } from '../../../src/core/identity/index.ts';

describe('SIP-date', () => {
  it.each([
    { input: 'Thu, 21 Feb 2002 13:02:03 GMT', want: '2002-02-21T13:02:03.000Z' },
    { input: 'Sat, 13 Nov 2010 23:29:00 GMT', want: '2010-11-13T23:29:00.000Z' },
    { input: 'thu, 29 feb 2024 00:00:00 gmt', want: '2024-02-29T00:00:00.000Z' },
    { input: '  Mon, 01 Jan 2035 12:00:59 GMT ', want: '2035-01-01T12:00:59.000Z' },
  ])('parses $input', ({ input, want }) => {
    expect(parseSipDate(input).toISOString()).toBe(want);
  });

  it.each([
    'Thu, 21 Feb 2002 13:02:03 UTC',
    'Thu, 21 Feb 2002 13:02:03 +0000',
    'Thu, 1 Feb 2002 13:02:03 GMT',
    'Thursday, 21 Feb 2002 13:02:03 GMT',
    'Thu,  21 Feb 2002 13:02:03 GMT',
    'Thu, 30 Feb 2002 13:02:03 GMT',
    'Thu, 21 Feb 2002 24:00:00 GMT',
    'Thu, 21 Feb 2002 23:60:00 GMT',
    'Thu, 21 Feb 2002 23:00:60 GMT',
    '2002-02-21T13:02:03Z',
    '',
  ])('refuses %j', (input) => {
    expect(() => parseSipDate(input)).toThrow(CoreError);
  });

  it('formats as RFC 1123 and reads back (whole seconds)', () => {
    expect(formatSipDate(new Date('2002-02-21T13:02:03.999Z'))).toBe('Thu, 21 Feb 2002 13:02:03 GMT');
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const text = formatSipDate(date);
        expect(text).toBe(new Date(Math.floor(date.getTime() / 1000) * 1000).toUTCString());
        expect(parseSipDate(text).getTime()).toBe(Math.floor(date.getTime() / 1000) * 1000);
      }),
    );
  });
});
