/**
 * Identifier octets (ITU-T X.690 section 8.1.2): the single-octet tags of the universal types the core reads and
 * writes, context-specific tags, and tests of a decoded value's tag.
 */

/**
 * What the readers use of a decoded value (read.ts): its identifier, whether its length was indefinite, its
 * contents or elements (`valueBlock`) and its encoding. asn1js's blocks have all of it, and so do the values that
 * strict-der.ts decodes.
 */
export interface DerBlock {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean };
  lenBlock: { isIndefiniteForm: boolean };
  valueBlock: object;
  valueBeforeDecodeView: Uint8Array;
}

/** Universal tags in their DER form: primitive, except SEQUENCE and SET (X.690 sections 8.9 and 8.11). */
export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** The tag `[n]` (X.690 section 8.1.2.2, low tag numbers): constructed, as EXPLICIT tags are, unless told. */
export function contextTag(n: number, constructed = true): number {
  return (constructed ? 0xa0 : 0x80) | n;
}

/** True when `block` has the single-octet tag `tag`: class, constructed bit and number all equal. */
export function hasTag<B extends DerBlock>(block: B | undefined, tag: number): block is B {
  if (!block) return false;
  const id = block.idBlock;
  if (id.tagNumber > 30 || id.tagClass < 1 || id.tagClass > 4) return false;
  return (((id.tagClass - 1) << 6) | (id.isConstructed ? 0x20 : 0) | id.tagNumber) === tag;
}

/** True for a context-specific `[n]`, primitive or constructed (an IMPLICIT tag keeps the form of its type). */
export function isContext<B extends DerBlock>(block: B | undefined, n: number): block is B {
  return block !== undefined && block.idBlock.tagClass === 3 && block.idBlock.tagNumber === n;
}

/** True for the universal tag number `n` in either form (BER strings may be constructed, X.690 section 8.7). */
export function isUniversal<B extends DerBlock>(block: B | undefined, n: number): block is B {
  return block !== undefined && block.idBlock.tagClass === 1 && block.idBlock.tagNumber === n;
}
