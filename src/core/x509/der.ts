/**
 * Decoding of untrusted DER (ITU-T X.690 section 10) into asn1js blocks, with typed errors.
 * Shared by the X.509 and PKCS#8 code; it belongs next to bytes.ts once the lead moves it.
 */
import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../bytes.ts';
import { CoreError, describe, type CoreErrorKind } from '../errors.ts';

/** Limits for hostile input: certificates and keys are shallow and small. */
const LIMITS = { maxDepth: 32, maxNodes: 4096 } as const;

/**
 * Decodes exactly one ASN.1 value filling all of `bytes`. Undecodable input, trailing bytes and indefinite
 * lengths (BER only, X.690 section 10.1) give a CoreError 'malformed-der'.
 */
export function decodeDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(toArrayBuffer(bytes), LIMITS);
  } catch (error) {
    throw new CoreError('malformed-der', `${what}: ${describe(error)}`, { cause: error });
  }
  if (parsed.offset === -1) throw new CoreError('malformed-der', `${what}: ${parsed.result.error || 'undecodable'}`);
  if (parsed.offset !== bytes.length) throw new CoreError('malformed-der', `${what}: ${bytes.length - parsed.offset} bytes after the value`);
  if (parsed.result.lenBlock.isIndefiniteForm) throw new CoreError('malformed-der', `${what}: indefinite length is not DER`);
  return parsed.result;
}

type BlockClass<T> = abstract new (...args: never[]) => T;

/** `block` as an instance of `type`, or a CoreError of `kind` naming `what`. */
export function expectBlock<T>(block: unknown, type: BlockClass<T>, kind: CoreErrorKind, what: string): T {
  if (block instanceof type) return block;
  throw new CoreError(kind, `${what}: expected ${type.name}`);
}

/** The elements of a SEQUENCE, checked to number between `min` and `max`. */
export function sequenceItems(block: unknown, min: number, max: number, kind: CoreErrorKind, what: string): asn1js.AsnType[] {
  const sequence = expectBlock(block, asn1js.Sequence, kind, what);
  const items = sequence.valueBlock.value as asn1js.AsnType[];
  if (items.length < min || items.length > max) throw new CoreError(kind, `${what}: ${items.length} elements`);
  return items;
}

/** The dotted form of an OBJECT IDENTIFIER block. */
export function oidOf(block: unknown, kind: CoreErrorKind, what: string): string {
  return expectBlock(block, asn1js.ObjectIdentifier, kind, what).valueBlock.toString();
}

/** The content octets of an OCTET STRING (primitive only, as DER requires), copied. */
export function octetsOf(block: unknown, kind: CoreErrorKind, what: string): Uint8Array {
  const octets = expectBlock(block, asn1js.OctetString, kind, what);
  if (octets.idBlock.isConstructed) throw new CoreError(kind, `${what}: constructed OCTET STRING is not DER`);
  return octets.valueBlock.valueHexView.slice();
}

/**
 * A non-negative INTEGER no larger than `max` as a number; larger values give `tooLargeKind`
 * (a hostile iteration count is not malformed, just unacceptable).
 */
export function smallIntegerOf(block: unknown, max: number, kind: CoreErrorKind, tooLargeKind: CoreErrorKind, what: string): number {
  const bytes = expectBlock(block, asn1js.Integer, kind, what).valueBlock.valueHexView;
  if (bytes.length === 0) throw new CoreError(kind, `${what}: empty INTEGER`);
  if (bytes[0]! & 0x80) throw new CoreError(kind, `${what}: negative`);
  let value = 0;
  for (const b of bytes) {
    value = value * 256 + b;
    if (value > max) throw new CoreError(tooLargeKind, `${what}: larger than ${max}`);
  }
  return value;
}
