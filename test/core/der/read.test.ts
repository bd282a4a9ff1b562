/** The typed readers: what each accepts, and that a refusal is a CoreError of the kind the caller asked for. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/core/bytes.ts';
import { decodeDer, readBitString, readExplicit, readOctetString, readOid, readPrimitive, readSequence, readSet, readSmallInteger } from '../../../src/core/der/index.ts';
import { type CoreErrorKind, isCoreError } from '../../../src/core/errors.ts';

type Reader = (hex: string, kind: CoreErrorKind) => unknown;
const ber = (hex: string) => decodeDer(fromHex(hex), 'test', { ber: true });

const readers: Record<string, Reader> = {
  sequence: (hex, kind) => readSequence(ber(hex), kind, 'test').length,
  'sequence of 1 to 2': (hex, kind) => readSequence(ber(hex), kind, 'test', 1, 2).length,
  set: (hex, kind) => readSet(ber(hex), kind, 'test').length,
  explicit: (hex, kind) => readExplicit(ber(hex), kind, 'test').idBlock.tagNumber,
  'primitive 0x80': (hex, kind) => toHex(readPrimitive(ber(hex), 0x80, kind, 'test')),
  oid: (hex, kind) => readOid(ber(hex), kind, 'test'),
  'integer up to 1000': (hex, kind) => readSmallInteger(ber(hex), kind, 'test', 1000, 'unsupported'),
  'octet string (DER)': (hex, kind) => toHex(readOctetString(ber(hex), kind, 'test')),
  'octet string (BER)': (hex, kind) => toHex(readOctetString(ber(hex), kind, 'test', { ber: true })),
  '[0] IMPLICIT octet string (BER)': (hex, kind) => toHex(readOctetString(ber(hex), kind, 'test', { ber: true, implicitTag: 0 })),
  'bit string': (hex, kind) => toHex(readBitString(ber(hex), kind, 'test')),
};

const cases: { reader: string; hex: string; want: unknown }[] = [
  { reader: 'sequence', hex: '3003020101', want: 1 },
  { reader: 'sequence', hex: '3100', want: Error },
  { reader: 'sequence', hex: '020101', want: Error },
  { reader: 'sequence of 1 to 2', hex: '3000', want: Error },
  { reader: 'sequence of 1 to 2', hex: '3009020101020101020101', want: Error },
  { reader: 'set', hex: '3106020101020102', want: 2 },
  { reader: 'set', hex: '3000', want: Error },
  { reader: 'explicit', hex: 'a003020101', want: 2 },
  { reader: 'explicit', hex: 'a006020101020101', want: Error },
  { reader: 'primitive 0x80', hex: '8002abcd', want: 'abcd' },
  { reader: 'primitive 0x80', hex: '0402abcd', want: Error },
  { reader: 'oid', hex: '06092a864886f70d010702', want: '1.2.840.113549.1.7.2' },
  { reader: 'oid', hex: '0400', want: Error },
  // 2.25 with a 128-bit arc: asn1js cannot write it in decimal, so it is not a usable identifier here.
  { reader: 'oid', hex: '0614' + '69' + '83' + 'ff'.repeat(17) + '7f', want: Error },
  { reader: 'integer up to 1000', hex: '020203e8', want: 1000 },
  { reader: 'integer up to 1000', hex: '0203000001', want: 1 },
  { reader: 'integer up to 1000', hex: '0200', want: Error },
  { reader: 'integer up to 1000', hex: '0201ff', want: Error },
  { reader: 'integer up to 1000', hex: '0a0101', want: Error },
  { reader: 'integer up to 1000', hex: '020203e9', want: 'unsupported' },
  { reader: 'octet string (DER)', hex: '0402abcd', want: 'abcd' },
  { reader: 'octet string (DER)', hex: '2406' + '0401ab' + '0401cd', want: Error },
  { reader: 'octet string (BER)', hex: '2406' + '0401ab' + '0401cd', want: 'abcd' },
  { reader: 'octet string (BER)', hex: '2480' + '2480' + '0401ab' + '0000' + '0401cd' + '0000', want: 'abcd' },
  { reader: 'octet string (BER)', hex: '8002abcd', want: Error },
  { reader: '[0] IMPLICIT octet string (BER)', hex: '8002abcd', want: 'abcd' },
  { reader: '[0] IMPLICIT octet string (BER)', hex: 'a006' + '0401ab' + '0401cd', want: 'abcd' },
  { reader: '[0] IMPLICIT octet string (BER)', hex: 'a006' + '0401ab' + '0201cd', want: Error },
  { reader: '[0] IMPLICIT octet string (BER)', hex: '0402abcd', want: Error },
  { reader: 'bit string', hex: '030300abcd', want: 'abcd' },
  { reader: 'bit string', hex: '030304abc0', want: Error },
];

describe('readers', () => {
  it.each(cases)('$reader of $hex', ({ reader, hex, want }) => {
    for (const kind of ['malformed-certificate', 'malformed-cms'] as const) {
      let outcome: unknown;
      try {
        outcome = readers[reader]!(hex, kind);
      } catch (error) {
        outcome = error;
      }
      if (want === Error) expect(isCoreError(outcome, kind), String(outcome)).toBe(true);
      else if (want === 'unsupported') expect(isCoreError(outcome, 'unsupported'), String(outcome)).toBe(true);
      else expect(outcome).toEqual(want);
    }
  });
});
