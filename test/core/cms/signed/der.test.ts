/** Known vectors for the DER pieces: times, SET OF order, OIDs, and the ECDSA signature conversion. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../../src/core/bytes.ts';
import { decodeDer, objectIdentifier, setOf, time, timeValue } from '../../../../src/core/cms/signed/der.ts';
import { ecdsaSigValueFromRaw, rawFromEcdsaSigValue } from '../../../../src/core/cms/signed/ecdsa-sig-value.ts';
import { isCoreError } from '../../../../src/core/errors.ts';

describe('time (RFC 5652 section 11.3)', () => {
  const table: { date: string; want: string }[] = [
    { date: '2049-12-31T23:59:59.999Z', want: '170d' + hexAscii('491231235959Z') },
    { date: '2050-01-01T00:00:00Z', want: '180f' + hexAscii('20500101000000Z') },
    { date: '1950-01-01T00:00:00Z', want: '170d' + hexAscii('500101000000Z') },
    { date: '1949-12-31T23:59:59Z', want: '180f' + hexAscii('19491231235959Z') },
  ];
  for (const { date, want } of table) {
    it(`${date} -> ${want.slice(0, 2) === '17' ? 'UTCTime' : 'GeneralizedTime'}`, () => {
      const der = time(new Date(date));
      expect(toHex(der)).toBe(want);
      expect(timeValue(decodeDer(der, 'time'), 'time').getTime()).toBe(Math.floor(new Date(date).getTime() / 1000) * 1000);
    });
  }
  it('refuses impossible dates', () => {
    expect(() => timeValue(decodeDer(fromHex('170d' + hexAscii('260231000000Z')), 't'), 't')).toThrow(expect.objectContaining({ kind: 'malformed-cms' }));
  });
});

describe('setOf (X.690 section 11.6)', () => {
  it('sorts encodings as octet strings, the shorter padded with zeros', () => {
    const a = fromHex('0401ff');
    const b = fromHex('040200');
    const c = fromHex('0201 01'.replace(' ', ''));
    expect(toHex(setOf([a, b, c]))).toBe('3109' + '020101' + '0401ff' + '040200');
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

describe('Ecdsa-Sig-Value (RFC 3279 section 2.2.3)', () => {
  const r = '00'.repeat(31) + '7f';
  const s = 'ff' + '01'.repeat(31);
  const der = '3026' + '02017f' + '022100' + s;
  it('raw -> DER: minimal positive INTEGERs', () => {
    expect(toHex(ecdsaSigValueFromRaw(fromHex(r + s)))).toBe(der);
  });
  it('DER -> raw: left-padded to the curve size', () => {
    expect(toHex(rawFromEcdsaSigValue(fromHex(der), 32))).toBe(r + s);
  });
  it.each([
    ['not a SEQUENCE', '0400'],
    ['one INTEGER', '3003020101'],
    ['negative r', '300602018102017f'],
    ['r longer than the curve', '3025' + '0221' + '01'.repeat(33) + '020101'],
    ['trailing garbage', '300602017f02017f00'],
  ])('refuses %s as bad-signature', (_name, hex) => {
    let caught: unknown;
    try {
      rawFromEcdsaSigValue(fromHex(hex), 32);
    } catch (error) {
      caught = error;
    }
    expect(isCoreError(caught, 'bad-signature')).toBe(true);
  });
});

function hexAscii(text: string): string {
  return toHex(new TextEncoder().encode(text));
}
