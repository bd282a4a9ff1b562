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
  const value = concatBytes(...contents);
  return concatBytes(Uint8Array.of(tag), lengthOctets(value.length), value);
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

/** OBJECT IDENTIFIER from dotted decimal (X.690 section 8.19); a malformed string is 'invalid-argument'. */
export function objectIdentifier(oid: string): Uint8Array {
  if (!DOTTED_OID.test(oid)) throw new CoreError('invalid-argument', `not an object identifier: ${JSON.stringify(oid)}`);
  const arcs = oid.split('.').map((arc) => BigInt(arc));
  const [first, second, ...rest] = arcs as [bigint, bigint, ...bigint[]];
  if (first < 2n && second > 39n) throw new CoreError('invalid-argument', `object identifier ${oid}: second arc must be below 40`);
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const groups: number[] = [];
    let n = arc;
    do {
      groups.unshift(Number(n & 0x7fn));
      n >>= 7n;
    } while (n > 0n);
    for (let i = 0; i < groups.length - 1; i++) groups[i]! |= 0x80;
    out.push(...groups);
  }
  return tlv(TAG.OBJECT_IDENTIFIER, Uint8Array.from(out));
}
