/**
 * Typed readers over decoded blocks (ITU-T X.690). Each takes the CoreError kind to throw, since whose fault a
 * wrong shape is depends on the caller: 'malformed-certificate', 'malformed-key', 'malformed-cms'... and `what`
 * names the field in the message. Universal types are recognised by their exact identifier octets, so a value
 * with another class or the wrong form is refused.
 */
import * as asn1js from 'asn1js';
import { concatBytes } from '../bytes.ts';
import { CoreError, type CoreErrorKind } from '../errors.ts';
import { DerValue } from './strict-der.ts';
import { type DerBlock, TAG, hasTag, isContext, isUniversal } from './tags.ts';
import { DOTTED_OID } from './write.ts';

type Block = DerBlock | undefined;
type BlockClass<T> = abstract new (...args: never[]) => T;

/** The values inside a value of type `B`: asn1js blocks inside asn1js blocks, DerBlocks inside the others. */
export type Inner<B extends DerBlock> = B extends asn1js.BaseBlock ? asn1js.AsnType : DerBlock;

/** `block` as an instance of the asn1js class `type`. */
export function expectBlock<T>(block: unknown, type: BlockClass<T>, kind: CoreErrorKind, what: string): T {
  if (block instanceof type) return block;
  throw new CoreError(kind, `${what}: expected ${type.name}`);
}

/** The elements of a constructed value (X.690 section 8.1.1): SEQUENCE, SET, EXPLICIT `[n]` or BER string. */
export function readChildren<B extends DerBlock>(block: B | undefined, kind: CoreErrorKind, what: string): Inner<B>[] {
  const value = block?.idBlock.isConstructed ? (block.valueBlock as { value?: unknown }).value : undefined;
  if (!Array.isArray(value)) throw new CoreError(kind, `${what}: expected a constructed value`);
  return value as Inner<B>[];
}

/** The elements of a constructed value that must carry the single-octet `tag`. */
export function readConstructed<B extends DerBlock>(block: B | undefined, tag: number, kind: CoreErrorKind, what: string): Inner<B>[] {
  if (!hasTag(block, tag)) throw new CoreError(kind, `${what}: unexpected or missing element`);
  return readChildren(block, kind, what);
}

/** The elements of a SEQUENCE (X.690 section 8.9), checked to number from `min` to `max`. */
export function readSequence<B extends DerBlock>(block: B | undefined, kind: CoreErrorKind, what: string, min = 0, max = Number.POSITIVE_INFINITY): Inner<B>[] {
  if (!hasTag(block, TAG.SEQUENCE)) throw new CoreError(kind, `${what}: expected a SEQUENCE`);
  const items = readChildren(block, kind, what);
  if (items.length < min || items.length > max) throw new CoreError(kind, `${what}: ${items.length} elements`);
  return items;
}

/** The elements of a SET or SET OF (X.690 sections 8.11 and 8.12). */
export function readSet<B extends DerBlock>(block: B | undefined, kind: CoreErrorKind, what: string): Inner<B>[] {
  if (!hasTag(block, TAG.SET)) throw new CoreError(kind, `${what}: expected a SET`);
  return readChildren(block, kind, what);
}

/** The one value inside an EXPLICIT `[n]` (X.690 section 8.14.3). */
export function readExplicit<B extends DerBlock>(block: B | undefined, kind: CoreErrorKind, what: string): Inner<B> {
  const inner = readChildren(block, kind, what);
  if (inner.length !== 1) throw new CoreError(kind, `${what}: an explicit tag must hold exactly one value`);
  return inner[0]!;
}

/** The contents octets of a primitive value, copied. */
function contents(block: DerBlock, kind: CoreErrorKind, what: string): Uint8Array {
  const view = (block.valueBlock as { valueHexView?: unknown }).valueHexView;
  if (block.idBlock.isConstructed || !(view instanceof Uint8Array)) throw new CoreError(kind, `${what}: expected a primitive value`);
  return view.slice();
}

/** The contents octets of a primitive value that must carry the single-octet `tag`. */
export function readPrimitive(block: Block, tag: number, kind: CoreErrorKind, what: string): Uint8Array {
  if (!hasTag(block, tag)) throw new CoreError(kind, `${what}: unexpected or missing element`);
  return contents(block, kind, what);
}

/** An OBJECT IDENTIFIER (X.690 section 8.19) in dotted decimal. */
export function readOid(block: Block, kind: CoreErrorKind, what: string): string {
  if (!hasTag(block, TAG.OBJECT_IDENTIFIER) || !(block instanceof asn1js.ObjectIdentifier || block instanceof DerValue)) {
    throw new CoreError(kind, `${what}: expected an OBJECT IDENTIFIER`);
  }
  const oid = block.getValue();
  if (!DOTTED_OID.test(oid)) throw new CoreError(kind, `${what}: malformed OBJECT IDENTIFIER`);
  return oid;
}

/**
 * A non-negative INTEGER (X.690 section 8.3) no larger than `max`, as a number. A larger one is `tooLargeKind`:
 * a hostile PBKDF2 iteration count is not malformed, just unacceptable.
 */
export function readSmallInteger(block: Block, kind: CoreErrorKind, what: string, max: number, tooLargeKind: CoreErrorKind = kind): number {
  if (!hasTag(block, TAG.INTEGER)) throw new CoreError(kind, `${what}: expected an INTEGER`);
  const bytes = contents(block, kind, what);
  if (bytes.length === 0) throw new CoreError(kind, `${what}: empty INTEGER`);
  if ((bytes[0]! & 0x80) !== 0) throw new CoreError(kind, `${what}: negative`);
  let value = 0;
  for (const b of bytes) {
    value = value * 256 + b;
    if (value > max) throw new CoreError(tooLargeKind, `${what}: larger than ${max}`);
  }
  return value;
}

export interface OctetStringOptions {
  /** Accept BER's constructed form, segments of OCTET STRINGs (X.690 section 8.7.3); DER has only the primitive. */
  ber?: boolean;
  /** Read an `[n] IMPLICIT OCTET STRING` instead of a universal one. */
  implicitTag?: number;
}

/** The value of an OCTET STRING (X.690 section 8.7), primitive or, with `ber`, constructed. */
export function readOctetString(block: Block, kind: CoreErrorKind, what: string, options: OctetStringOptions = {}): Uint8Array {
  const tagged = options.implicitTag === undefined ? isUniversal(block, 4) : isContext(block, options.implicitTag);
  if (!block || !tagged) throw new CoreError(kind, `${what}: expected an OCTET STRING`);
  if (!block.idBlock.isConstructed) return contents(block, kind, what);
  if (!options.ber) throw new CoreError(kind, `${what}: constructed OCTET STRING is not DER`);
  const segments = readChildren(block, kind, what).map((segment) => {
    if (!isUniversal(segment, 4)) throw new CoreError(kind, `${what}: a constructed OCTET STRING may hold only OCTET STRINGs`);
    return readOctetString(segment, kind, what, { ber: true });
  });
  return concatBytes(...segments);
}

/** A primitive BIT STRING with no unused bits (X.690 section 8.6), as public keys are (RFC 5480 section 2.2). */
export function readBitString(block: Block, kind: CoreErrorKind, what: string): Uint8Array {
  if (!hasTag(block, TAG.BIT_STRING) || !(block instanceof asn1js.BitString || block instanceof DerValue)) throw new CoreError(kind, `${what}: expected a primitive BIT STRING`);
  const { unusedBits, valueHexView } = block.valueBlock as { unusedBits?: number; valueHexView?: Uint8Array };
  if (unusedBits !== 0) throw new CoreError(kind, `${what}: BIT STRING has unused bits`);
  return valueHexView!.slice();
}
