/**
 * The little DER this folder needs (ITU-T X.690): a writer that builds exact bytes from exact bytes, so that
 * certificates and names copied into a SignedData are never re-encoded, and reader helpers over asn1js blocks.
 *
 * Reading accepts BER (`openssl cms -stream` writes indefinite lengths and constructed OCTET STRINGs); writing is
 * always DER: definite minimal lengths, primitive strings, and SET OF sorted (X.690 section 11.6).
 */
import * as asn1js from 'asn1js';
import { concatBytes, fromLatin1, toArrayBuffer } from '../../bytes.ts';
import { CoreError, describe } from '../../errors.ts';

export const TAG = {
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** X.690 section 8.1.2.5 / 8.14: context-specific class, constructed, low tag number `n` (`[n]`). */
export function contextTag(n: number): number {
  return 0xa0 | n;
}

/** Definite-form length octets (X.690 section 8.1.3, minimal as DER section 10.1 requires). */
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
 * A SET OF in DER order (X.690 section 11.6): encodings compared as octet strings, the shorter padded with zero
 * octets at its end. `tag` lets the same ordering serve IMPLICIT [n] SET OF fields.
 */
export function setOf(elements: readonly Uint8Array[], tag: number = TAG.SET): Uint8Array {
  return tlv(tag, ...[...elements].sort(compareDerOctets));
}

function compareDerOctets(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
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

const OID_RE = /^[0-2](?:\.(?:0|[1-9][0-9]*))+$/;

/** OBJECT IDENTIFIER from dotted decimal (X.690 section 8.19); a malformed string is 'invalid-argument'. */
export function objectIdentifier(oid: string): Uint8Array {
  if (!OID_RE.test(oid)) throw new CoreError('invalid-argument', `not an object identifier: ${JSON.stringify(oid)}`);
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

/**
 * RFC 5652 section 11.3 / RFC 5280 section 4.1.2.5: UTCTime for 1950 through 2049, GeneralizedTime otherwise,
 * both in UTC with whole seconds (DER forbids fractions ending in zero; we drop them).
 */
export function time(date: Date): Uint8Array {
  if (Number.isNaN(date.getTime())) throw new CoreError('invalid-argument', 'invalid date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new CoreError('invalid-argument', `year ${year} cannot be encoded`);
  const two = (n: number): string => String(n).padStart(2, '0');
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, fromLatin1(two(year % 100) + rest));
  return tlv(TAG.GENERALIZED_TIME, fromLatin1(String(year).padStart(4, '0') + rest));
}

// ---- reading ------------------------------------------------------------------------------------------------

/**
 * Decodes one complete BER element. Anything asn1js refuses, and trailing bytes after the element, are a
 * CoreError 'malformed-der'. Embedded encodings inside OCTET/BIT STRINGs are left undecoded.
 */
export function decodeDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  let result: asn1js.FromBerResult;
  try {
    result = asn1js.fromBER(toArrayBuffer(bytes), { parseEmbedded: false });
  } catch (error) {
    throw new CoreError('malformed-der', `${what}: ${describe(error)}`, { cause: error });
  }
  if (result.offset === -1) throw new CoreError('malformed-der', `${what}: ${result.result.error || 'cannot decode'}`);
  if (result.offset !== bytes.length) throw new CoreError('malformed-der', `${what}: ${bytes.length - result.offset} bytes after the end`);
  checkEndOfContents(result.result, what);
  return result.result;
}

/**
 * asn1js accepts an indefinite length that runs into the end of the input without its end-of-contents octets
 * (X.690 section 8.1.5), only noting a warning; such input is truncated, so we refuse it.
 */
function checkEndOfContents(block: asn1js.AsnType, what: string): void {
  if (block.lenBlock.isIndefiniteForm && block.valueBlock.warnings.length > 0) {
    throw new CoreError('malformed-der', `${what}: indefinite length without end-of-contents`);
  }
  const value = (block.valueBlock as { value?: unknown }).value;
  if (block.idBlock.isConstructed && Array.isArray(value)) for (const child of value as asn1js.AsnType[]) checkEndOfContents(child, what);
}

/** The exact encoding of a decoded block, as a fresh array. */
export function encoded(block: asn1js.AsnType): Uint8Array {
  return block.valueBeforeDecodeView.slice();
}

function isEndOfContent(block: asn1js.AsnType): boolean {
  return block.idBlock.tagClass === 1 && block.idBlock.tagNumber === 0;
}

/** True when `block` has the single-octet tag `tag` (class, constructed bit and number). */
export function hasTag(block: asn1js.AsnType | undefined, tag: number): block is asn1js.AsnType {
  if (!block) return false;
  const id = block.idBlock;
  if (id.tagNumber > 30 || id.tagClass < 1 || id.tagClass > 4) return false;
  const octet = ((id.tagClass - 1) << 6) | (id.isConstructed ? 0x20 : 0) | id.tagNumber;
  return octet === tag;
}

/** The elements of a constructed block (end-of-contents markers of indefinite lengths removed). */
export function children(block: asn1js.AsnType, what: string): asn1js.AsnType[] {
  if (!block.idBlock.isConstructed) throw new CoreError('malformed-cms', `${what}: expected a constructed element`);
  const value = (block.valueBlock as { value?: unknown }).value;
  if (!Array.isArray(value)) throw new CoreError('malformed-cms', `${what}: expected a constructed element`);
  return (value as asn1js.AsnType[]).filter((child) => !isEndOfContent(child));
}

/** The elements of `block`, which must carry `tag`. */
export function expectConstructed(block: asn1js.AsnType | undefined, tag: number, what: string): asn1js.AsnType[] {
  if (!hasTag(block, tag)) throw new CoreError('malformed-cms', `${what}: unexpected or missing element`);
  return children(block, what);
}

/** The contents octets of a primitive block with `tag`. */
export function primitiveValue(block: asn1js.AsnType | undefined, tag: number, what: string): Uint8Array {
  if (!hasTag(block, tag)) throw new CoreError('malformed-cms', `${what}: unexpected or missing element`);
  return (block.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView.slice();
}

/**
 * The value of an OCTET STRING, primitive or constructed from nested OCTET STRINGs (BER, X.690 section 8.7.3).
 */
export function octetStringValue(block: asn1js.AsnType | undefined, what: string): Uint8Array {
  if (hasTag(block, TAG.OCTET_STRING)) return primitiveValue(block, TAG.OCTET_STRING, what);
  if (!hasTag(block, TAG.OCTET_STRING | 0x20)) throw new CoreError('malformed-cms', `${what}: expected an OCTET STRING`);
  return concatBytes(...children(block, what).map((part) => octetStringValue(part, what)));
}

/** Dotted decimal of an OBJECT IDENTIFIER block. */
export function oidValue(block: asn1js.AsnType | undefined, what: string): string {
  if (!hasTag(block, TAG.OBJECT_IDENTIFIER) || !(block instanceof asn1js.ObjectIdentifier)) {
    throw new CoreError('malformed-cms', `${what}: expected an OBJECT IDENTIFIER`);
  }
  const oid = block.getValue();
  if (!OID_RE.test(oid)) throw new CoreError('malformed-cms', `${what}: malformed OBJECT IDENTIFIER`);
  return oid;
}

/** A small non-negative INTEGER (versions). */
export function smallIntegerValue(block: asn1js.AsnType | undefined, what: string): number {
  const bytes = primitiveValue(block, TAG.INTEGER, what);
  if (bytes.length === 0 || bytes.length > 4 || (bytes[0]! & 0x80) !== 0) throw new CoreError('malformed-cms', `${what}: unexpected INTEGER`);
  return bytes.reduce((n, b) => n * 256 + b, 0);
}

/** UTCTime or GeneralizedTime (RFC 5652 section 11.3 Time), as a Date. */
export function timeValue(block: asn1js.AsnType | undefined, what: string): Date {
  let text: string;
  let year: number;
  if (hasTag(block, TAG.UTC_TIME)) {
    text = String.fromCharCode(...primitiveValue(block, TAG.UTC_TIME, what));
    const m = /^(\d{2})(\d{10})Z$/.exec(text);
    if (!m) throw new CoreError('malformed-cms', `${what}: malformed UTCTime`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 section 4.1.2.5.1
    text = m[2]!;
  } else if (hasTag(block, TAG.GENERALIZED_TIME)) {
    const raw = String.fromCharCode(...primitiveValue(block, TAG.GENERALIZED_TIME, what));
    const m = /^(\d{4})(\d{10})(?:[.,]\d+)?Z$/.exec(raw);
    if (!m) throw new CoreError('malformed-cms', `${what}: malformed GeneralizedTime`);
    year = Number(m[1]);
    text = m[2]!;
  } else {
    throw new CoreError('malformed-cms', `${what}: expected UTCTime or GeneralizedTime`);
  }
  const [month, day, hour, minute, second] = [0, 2, 4, 6, 8].map((i) => Number(text.slice(i, i + 2))) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new CoreError('malformed-cms', `${what}: impossible date`);
  }
  if (year < 100) date.setUTCFullYear(year);
  return date;
}
