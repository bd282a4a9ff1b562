/** Known vectors for the DER writer: times, SET OF order, object identifiers, integers. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/core/bytes.ts';
import { decodeDer, objectIdentifier, readTime, setOf, smallInteger, time, unsignedInteger } from '../../../src/core/der/index.ts';

function hexAscii(text: string): string {
  return toHex(new TextEncoder().encode(text));
}

describe('time (RFC 5652 section 11.3, RFC 5280 section 4.1.2.5)', () => {
  const table: { date: string; want: string }[] = [
    { date: '2049-12-31T23:59:59.999Z', want: '170d' + hexAscii('491231235959Z') },
    { date: '2050-01-01T00:00:00Z', want: '180f' + hexAscii('20500101000000Z') },
    { date: '1950-01-01T00:00:00Z', want: '170d' + hexAscii('500101000000Z') },
    { date: '1949-12-31T23:59:59Z', want: '180f' + hexAscii('19491231235959Z') },
  ];
  it.each(table)('$date -> $want, and back', ({ date, want }) => {
    const der = time(new Date(date));
    expect(toHex(der)).toBe(want);
    expect(readTime(decodeDer(der, 'time'), 'malformed-cms', 'time').getTime()).toBe(Math.floor(new Date(date).getTime() / 1000) * 1000);
  });
  it('refuses impossible dates with the caller kind', () => {
    const der = decodeDer(fromHex('170d' + hexAscii('260231000000Z')), 't');
    expect(() => readTime(der, 'malformed-cms', 't')).toThrow(expect.objectContaining({ kind: 'malformed-cms' }));
    expect(() => readTime(der, 'malformed-certificate', 't')).toThrow(expect.objectContaining({ kind: 'malformed-certificate' }));
  });
});

describe('setOf (X.690 section 11.6)', () => {
  it('sorts encodings as octet strings, the shorter padded with zeros', () => {
    expect(toHex(setOf([fromHex('0401ff'), fromHex('040200'), fromHex('020101')]))).toBe('3109' + '020101' + '0401ff' + '040200');
  });
});

describe('objectIdentifier (X.690 section 8.19)', () => {
  it.each([
    ['1.2.840.113549.1.7.2', '06092a864886f70d010702'],
    ['2.16.840.1.101.3.4.2.1', '0609608648016503040201'],
    ['2.999.3', '0603883703'],
  ])('%s', (oid, want) => expect(toHex(objectIdentifier(oid))).toBe(want));
  it.each(['', '1', '3.1', '1.40', '1.2.03', 'a.b'])('refuses %j', (oid) => {
    expect(() => objectIdentifier(oid)).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
  });
});

describe('INTEGER (X.690 section 8.3)', () => {
  it.each([
    [0, '020100'],
    [127, '02017f'],
    [128, '02020080'],
    [65536, '0203010000'],
  ])('smallInteger(%i)', (value, want) => expect(toHex(smallInteger(value))).toBe(want));
  it.each([
    ['', '020100'],
    ['000000', '020100'],
    ['007f', '02017f'],
    ['80', '02020080'],
  ])('unsignedInteger(%j)', (magnitude, want) => expect(toHex(unsignedInteger(fromHex(magnitude)))).toBe(want));
});
