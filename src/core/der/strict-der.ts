/**
 * A fast path for decoding strict DER (ITU-T X.690 section 10), the form of every message SealPhone writes: a plain
 * walk over the octets, against the microseconds asn1js spends on each value it builds. It is not a second decoder
 * with its own rules. It takes only input that asn1js certainly decodes, and certainly decodes to the same tags,
 * lengths, contents and values as the readers (read.ts) see them:
 *
 * - definite lengths in their shortest form, single-octet tags, exactly one value filling all of the bytes;
 * - universal types with DER contents: BOOLEAN (00 or FF), INTEGER (minimal, not empty), BIT STRING (primitive,
 *   0 to 7 unused bits), OCTET STRING (primitive), NULL (empty), OBJECT IDENTIFIER (minimal arcs below 2^49),
 *   UTF8String, PrintableString, IA5String, UTCTime (YYMMDDHHMMSSZ), SEQUENCE and SET (constructed);
 * - context-specific values, primitive or constructed;
 * - at most MAX_DEPTH levels and MAX_VALUES values, well inside decode.ts's DECODE_LIMITS.
 *
 * For anything else it returns undefined, and the caller decodes with asn1js (decodeDerValue in decode.ts), which
 * then decides, as it always did, what is accepted and with which error.
 */
import { TAG } from './tags.ts';

/** Well inside DECODE_LIMITS (maxDepth 32, maxNodes 4096), whatever way asn1js counts. */
const MAX_DEPTH = 24;
const MAX_VALUES = 2048;
/** asn1js refuses content lengths above 16 MiB; messages are far smaller. */
const MAX_INPUT = 1 << 24;
/** Arcs of at most 7 octets (49 bits) are exact as numbers, and asn1js decodes them as numbers too. */
const MAX_ARC_OCTETS = 7;

const UNIVERSAL_STRING_TAGS = new Set<number>([0x0c, 0x13, 0x16]); // UTF8String, PrintableString, IA5String
const UTC_TIME = /^\d{12}Z$/;

/**
 * A value decoded from strict DER, shaped as asn1js's blocks are where the readers look (`idBlock`, `lenBlock`,
 * `valueBlock`, `valueBeforeDecodeView`), so that they read both alike. Only the readers and the CMS code that
 * goes through them touch it; PKI.js gets asn1js blocks (decode the value's bytes with decodeDer).
 */
export class DerValue {
  readonly idBlock: { readonly tagClass: number; readonly tagNumber: number; readonly isConstructed: boolean };
  readonly lenBlock = { isIndefiniteForm: false } as const;
  /** Children of a constructed value; contents of a primitive one (a BIT STRING's after its unused-bits octet). */
  readonly valueBlock: { readonly value?: DerValue[]; readonly valueHexView?: Uint8Array; readonly unusedBits?: number };
  /** The whole value, identifier and length octets included. */
  readonly valueBeforeDecodeView: Uint8Array;
  readonly #oid: string | undefined;

  constructor(tag: number, encoding: Uint8Array, valueBlock: DerValue['valueBlock'], oid?: string) {
    this.idBlock = { tagClass: (tag >> 6) + 1, tagNumber: tag & 0x1f, isConstructed: (tag & 0x20) !== 0 };
    this.valueBlock = valueBlock;
    this.valueBeforeDecodeView = encoding;
    this.#oid = oid;
  }

  /** An OBJECT IDENTIFIER in dotted decimal, as asn1js's ObjectIdentifier.getValue() gives it. */
  getValue(): string {
    if (this.#oid === undefined) throw new TypeError('not an OBJECT IDENTIFIER');
    return this.#oid;
  }
}

/** Thrown inside the walk for anything it does not take; never leaves this module. */
class NotStrictDer extends Error {}

const decline = (): never => {
  throw new NotStrictDer();
};

/** The value `bytes` hold, or undefined when they are not strict DER of the kinds above (see the module comment). */
export function decodeStrictDer(bytes: Uint8Array): DerValue | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > MAX_INPUT) return undefined;
  const input = new Uint8Array(bytes); // a private copy: values keep views into it
  const walk = new Walk(input);
  try {
    const value = walk.value(0, input.length);
    return walk.offset === input.length ? value : undefined;
  } catch (error) {
    if (error instanceof NotStrictDer) return undefined;
    throw error;
  }
}

class Walk {
  offset = 0;
  private values = 0;

  constructor(private readonly input: Uint8Array) {}

  /** The value at `offset`, `depth` levels below the outermost one, ending by `limit`. */
  value(depth: number, limit: number): DerValue {
    const input = this.input;
    if (depth > MAX_DEPTH || ++this.values > MAX_VALUES) decline();
    const start = this.offset;
    if (start + 2 > limit) decline();
    const tag = input[start]!;
    if ((tag & 0x1f) === 0x1f) decline(); // a tag number above 30 takes more octets
    let length = input[start + 1]!;
    let at = start + 2;
    if (length >= 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 3 || at + count > limit || input[at] === 0) decline(); // indefinite, huge, or not minimal
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + input[at++]!;
      if (length < 0x80) decline();
    }
    const contentEnd = at + length;
    if (contentEnd > limit) decline();
    this.offset = contentEnd;
    const encoding = input.subarray(start, contentEnd);
    const contents = input.subarray(at, contentEnd);
    const tagClass = tag >> 6;
    const constructed = (tag & 0x20) !== 0;

    if (constructed) {
      if (tagClass !== 2 && tag !== TAG.SEQUENCE && tag !== TAG.SET) decline(); // context-specific, SEQUENCE, SET
      const children: DerValue[] = [];
      this.offset = at;
      while (this.offset < contentEnd) children.push(this.value(depth + 1, contentEnd));
      return new DerValue(tag, encoding, { value: children });
    }
    if (tagClass === 2) return new DerValue(tag, encoding, { valueHexView: contents });
    if (tagClass !== 0) decline();
    switch (tag) {
      case 0x01: // BOOLEAN
        if (length !== 1 || (contents[0] !== 0x00 && contents[0] !== 0xff)) decline();
        return new DerValue(tag, encoding, { valueHexView: contents });
      case TAG.INTEGER:
        if (length === 0 || (length > 1 && ((contents[0] === 0x00 && contents[1]! < 0x80) || (contents[0] === 0xff && contents[1]! >= 0x80)))) decline();
        return new DerValue(tag, encoding, { valueHexView: contents });
      case TAG.BIT_STRING: {
        const unusedBits = contents[0];
        if (unusedBits === undefined || unusedBits > 7 || (length === 1 && unusedBits !== 0)) decline();
        return new DerValue(tag, encoding, { valueHexView: contents.subarray(1), unusedBits });
      }
      case TAG.OCTET_STRING:
        return new DerValue(tag, encoding, { valueHexView: contents });
      case TAG.NULL:
        if (length !== 0) decline();
        return new DerValue(tag, encoding, {});
      case TAG.OBJECT_IDENTIFIER:
        return new DerValue(tag, encoding, {}, dottedOid(contents));
      case TAG.UTC_TIME:
        if (!UTC_TIME.test(String.fromCharCode(...contents))) decline();
        return new DerValue(tag, encoding, { valueHexView: contents });
      default:
        if (!UNIVERSAL_STRING_TAGS.has(tag)) decline();
        return new DerValue(tag, encoding, { valueHexView: contents });
    }
  }
}

/** The arcs of OBJECT IDENTIFIER contents in dotted decimal, the first subidentifier split as asn1js splits it. */
function dottedOid(contents: Uint8Array): string {
  if (contents.length === 0) decline();
  const arcs: string[] = [];
  let i = 0;
  while (i < contents.length) {
    if (contents[i] === 0x80) decline(); // not minimal
    let value = 0;
    let octets = 0;
    for (;;) {
      if (i >= contents.length || ++octets > MAX_ARC_OCTETS) decline();
      const octet = contents[i++]!;
      value = value * 128 + (octet & 0x7f);
      if ((octet & 0x80) === 0) break;
    }
    if (arcs.length === 0) arcs.push(value <= 39 ? `0.${value}` : value <= 79 ? `1.${value - 40}` : `2.${value - 80}`);
    else arcs.push(String(value));
  }
  return arcs.join('.');
}
