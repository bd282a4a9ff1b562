/**
 * The KeyUsage extension (RFC 5280 section 4.2.1.3): a named BIT STRING, bit 0 first.
 */
import * as asn1js from 'asn1js';
import { CoreError } from '../errors.ts';

export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation', // contentCommitment in X.509 (2005) and later
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

/**
 * The DER BIT STRING for these usages. DER drops trailing zero bits of a named bit list (X.690 section 11.2.2),
 * so the length and the unused-bits count follow the highest bit set.
 */
export function encodeKeyUsage(usages: readonly KeyUsageName[]): asn1js.BitString {
  const bits = usages.map((name) => KEY_USAGE_NAMES.indexOf(name));
  if (bits.length === 0) throw new CoreError('invalid-argument', 'keyUsage needs at least one bit (RFC 5280 section 4.2.1.3)');
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return new asn1js.BitString({ valueHex: bytes.buffer, unusedBits: 7 - (highest & 7) });
}

/** The names of the bits set in a KeyUsage BIT STRING, in bit order; bits beyond decipherOnly are ignored. */
export function decodeKeyUsage(bitString: asn1js.BitString): KeyUsageName[] {
  const bytes = bitString.valueBlock.valueHexView;
  const unused = bitString.valueBlock.unusedBits;
  const totalBits = bytes.length * 8 - unused;
  return KEY_USAGE_NAMES.filter((_, bit) => bit < totalBits && ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
}
