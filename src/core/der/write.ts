/**
 * A DER writer that builds exact bytes from exact bytes (ITU-T X.690 section 10): definite minimal lengths,
 * primitive strings, SET OF sorted. Values copied from elsewhere (certificates, names) are never re-encoded.
 */
import { concatBytes } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { TAG } from './tags.ts';

/** Definite-form length octets (X.690 section 8.1.3), minimal as DER section 10.1 requires. */
function lengthOctets(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One TLV with a single-octet tag, its contents being the concatenation of `contents`. */
export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of contents) length += part.length;
  const header = lengthOctets(length);
  const out = new Uint8Array(1 + header.length + length);
  out[0] = tag;
  out.set(header, 1);
  let offset = 1 + header.length;
  for (const part of contents) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function sequence(...elements: Uint8Array[]): Uint8Array {
  return tlv(TAG.SEQUENCE, ...elements);
}

/**
 * The DER order of SET OF elements (X.690 section 11.6): their encodings compared as octet strings, the shorter
 * padded with zero octets at its end.
 */
export function compareDerOctets(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A SET OF in DER order; `tag` lets the same ordering serve IMPLICIT [n] SET OF fields. */
export function setOf(elements: readonly Uint8Array[], tag: number = TAG.SET): Uint8Array {
  return tlv(tag, ...[...elements].sort(compareDerOctets));
}

export function octetString(value: Uint8Array): Uint8Array {
  return tlv(TAG.OCTET_STRING, value);
}

/** A primitive BIT STRING of whole octets (X.690 section 8.6), as public keys are (RFC 5480 section 2.2). */
export function bitString(value: Uint8Array): Uint8Array {
  return tlv(TAG.BIT_STRING, Uint8Array.of(0), value);
}

export function derNull(): Uint8Array {
  return Uint8Array.of(TAG.NULL, 0);
}

/** A non-negative INTEGER small enough for a JS number (versions). */
export function smallInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  let n = value;
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if ((bytes[0]! & 0x80) !== 0) bytes.unshift(0);
  return tlv(TAG.INTEGER, Uint8Array.from(bytes));
}

/** INTEGER from unsigned big-endian magnitude bytes, minimal two's complement (X.690 section 8.3). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const body = trimmed.length === 0 ? Uint8Array.of(0) : (trimmed[0]! & 0x80) !== 0 ? concatBytes(Uint8Array.of(0), trimmed) : trimmed;
  return tlv(TAG.INTEGER, body);
}

/** The dotted decimal form of an OBJECT IDENTIFIER (ITU-T X.660): arcs without leading zeros. */
export const DOTTED_OID = /^[0-2](?:\.(?:0|[1-9][0-9]*))+$/;

/** Arcs of up to 15 digits are exact as numbers (below 2^53); longer ones are BigInts. */
const MAX_NUMBER_ARC_DIGITS = 15;

/** Appends one arc in base 128, high groups first, each but the last with the continuation bit (X.690 section 8.19.2). */
function pushArc(out: number[], arc: number | bigint): void {
  const groups: number[] = [];
  if (typeof arc === 'number') {
    do {
      groups.push(arc % 128);
      arc = Math.floor(arc / 128);
    } while (arc > 0);
  } else {
    do {
      groups.push(Number(arc & 0x7fn));
      arc >>= 7n;
    } while (arc > 0n);
  }
  for (let i = groups.length - 1; i > 0; i--) out.push(groups[i]! | 0x80);
  out.push(groups[0]!);
}

/** OBJECT IDENTIFIER from dotted decimal (X.690 section 8.19); a malformed string is 'invalid-argument'. */
export function objectIdentifier(oid: string): Uint8Array {
  if (!DOTTED_OID.test(oid)) throw new CoreError('invalid-argument', `not an object identifier: ${JSON.stringify(oid)}`);
  const [first, second, ...rest] = oid.split('.') as [string, string, ...string[]];
  const top = Number(first);
  // No leading zeros (DOTTED_OID), so a second arc of three digits or more is above 39.
  if (top < 2 && (second.length > 2 || Number(second) > 39)) throw new CoreError('invalid-argument', `object identifier ${oid}: second arc must be below 40`);
  const out: number[] = [];
  pushArc(out, second.length <= MAX_NUMBER_ARC_DIGITS ? top * 40 + Number(second) : BigInt(top * 40) + BigInt(second));
  for (const arc of rest) pushArc(out, arc.length <= MAX_NUMBER_ARC_DIGITS ? Number(arc) : BigInt(arc));
  return tlv(TAG.OBJECT_IDENTIFIER, Uint8Array.from(out));
}
