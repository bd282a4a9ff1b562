/**
 * The DER plumbing of this folder (ITU-T X.690) over asn1js: decoding that never throws anything but a CoreError,
 * readers for the few universal and context-specific shapes CMS uses, and DER writing (definite lengths,
 * SET OF sorted as X.690 section 11.6 requires).
 *
 * Reading accepts BER: `openssl cms -stream` writes indefinite lengths and constructed OCTET STRINGs.
 */
import * as asn1js from 'asn1js';
import { concatBytes, toArrayBuffer } from '../../bytes.ts';
import { CoreError, describe } from '../../errors.ts';

/**
 * Decodes exactly one BER/DER value. Trailing bytes are refused. OCTET STRING contents are not speculatively
 * parsed as embedded ASN.1 (asn1js does that by default; on ciphertext it only costs time and node budget).
 */
export function decodeDer(bytes: Uint8Array, what: string): asn1js.BaseBlock {
  let asn: asn1js.FromBerResult;
  try {
    asn = asn1js.fromBER(toArrayBuffer(bytes), { parseEmbedded: false });
  } catch (error) {
    throw new CoreError('malformed-der', `${what}: ${describe(error)}`, { cause: error });
  }
  if (asn.offset === -1 || asn.result.error) {
    throw new CoreError('malformed-der', `${what}: ${asn.result.error || 'not BER/DER'}`);
  }
  if (asn.offset !== bytes.length) throw new CoreError('malformed-der', `${what}: ${bytes.length - asn.offset} bytes after the end`);
  return asn.result;
}

/** The DER of a block we built (asn1js writes definite lengths). */
export function encodeDer(block: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(block.toBER(false));
}

/** The exact bytes a decoded block came from; for a block we built, its encoding. */
export function rawBytes(block: asn1js.BaseBlock): Uint8Array {
  const view = block.valueBeforeDecodeView;
  return view.length > 0 ? view.slice() : encodeDer(block);
}

/** Runs a structural parse (ours or a PKI.js schema check); anything but a CoreError becomes 'malformed-cms'. */
export function parseCms<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('malformed-cms', `${what}: ${describe(error)}`, { cause: error });
  }
}

function isUniversal(block: asn1js.BaseBlock, tagNumber: number): boolean {
  return block.idBlock.tagClass === 1 && block.idBlock.tagNumber === tagNumber;
}

/** True for a context-specific `[n]` tag (X.690 section 8.1.2.2). */
export function isContext(block: asn1js.BaseBlock | undefined, n: number): block is asn1js.BaseBlock {
  return block !== undefined && block.idBlock.tagClass === 3 && block.idBlock.tagNumber === n;
}

/** The elements of a constructed block: a SEQUENCE, SET or constructed `[n]`. */
export function children(block: asn1js.BaseBlock, what: string): asn1js.BaseBlock[] {
  if (!block.idBlock.isConstructed || !(block instanceof asn1js.Constructed)) throw new CoreError('malformed-cms', `${what}: not a constructed value`);
  return block.valueBlock.value;
}

/** The elements of a SEQUENCE (universal tag 16). */
export function sequenceItems(block: asn1js.BaseBlock | undefined, what: string): asn1js.BaseBlock[] {
  if (!block || !isUniversal(block, 16)) throw new CoreError('malformed-cms', `${what}: expected a SEQUENCE`);
  return children(block, what);
}

/** The elements of a SET (universal tag 17). */
export function setItems(block: asn1js.BaseBlock | undefined, what: string): asn1js.BaseBlock[] {
  if (!block || !isUniversal(block, 17)) throw new CoreError('malformed-cms', `${what}: expected a SET`);
  return children(block, what);
}

/** The one element inside an EXPLICIT `[n]` tag. */
export function explicitInner(block: asn1js.BaseBlock, what: string): asn1js.BaseBlock {
  const inner = children(block, what);
  if (inner.length !== 1) throw new CoreError('malformed-cms', `${what}: an explicit tag must hold exactly one value`);
  return inner[0]!;
}

/** An OBJECT IDENTIFIER in dotted decimal. */
export function objectIdentifier(block: asn1js.BaseBlock | undefined, what: string): string {
  if (!(block instanceof asn1js.ObjectIdentifier) || !isUniversal(block, 6)) throw new CoreError('malformed-cms', `${what}: expected an OBJECT IDENTIFIER`);
  const oid = block.valueBlock.toString();
  if (!/^[0-2](\.\d+)+$/.test(oid)) throw new CoreError('malformed-cms', `${what}: invalid OBJECT IDENTIFIER`);
  return oid;
}

/** A small non-negative INTEGER (versions, lengths). */
export function smallInteger(block: asn1js.BaseBlock | undefined, what: string): number {
  if (!(block instanceof asn1js.Integer) || !isUniversal(block, 2)) throw new CoreError('malformed-cms', `${what}: expected an INTEGER`);
  const value = block.toBigInt();
  if (value < 0n || value > 0xffffn) throw new CoreError('malformed-cms', `${what}: INTEGER ${value} is out of range`);
  return Number(value);
}

/**
 * The contents of an OCTET STRING, or with `implicitTag` n of an `[n] IMPLICIT OCTET STRING`, primitive or
 * constructed (BER allows a constructed string of primitive or constructed segments, X.690 section 8.7.3).
 */
export function octetString(block: asn1js.BaseBlock | undefined, what: string, implicitTag?: number): Uint8Array {
  const tagged = implicitTag === undefined ? block !== undefined && isUniversal(block, 4) : isContext(block, implicitTag);
  if (!block || !tagged) throw new CoreError('malformed-cms', `${what}: expected an OCTET STRING`);
  if (!block.idBlock.isConstructed) {
    if (block instanceof asn1js.OctetString || block instanceof asn1js.Primitive) return block.valueBlock.valueHexView.slice();
    throw new CoreError('malformed-cms', `${what}: expected an OCTET STRING`);
  }
  const segments = block instanceof asn1js.OctetString ? block.valueBlock.value : block instanceof asn1js.Constructed ? block.valueBlock.value : undefined;
  if (!segments) throw new CoreError('malformed-cms', `${what}: expected an OCTET STRING`);
  return concatBytes(
    ...segments.map((segment) => {
      if (!isUniversal(segment, 4)) throw new CoreError('malformed-cms', `${what}: a constructed OCTET STRING may hold only OCTET STRINGs`);
      return octetString(segment, what);
    }),
  );
}

/** A BIT STRING with no unused bits, as public keys are (RFC 5480 section 2.2). */
export function bitStringBytes(block: asn1js.BaseBlock | undefined, what: string): Uint8Array {
  if (!(block instanceof asn1js.BitString) || !isUniversal(block, 3) || block.idBlock.isConstructed) throw new CoreError('malformed-cms', `${what}: expected a primitive BIT STRING`);
  if (block.valueBlock.unusedBits !== 0) throw new CoreError('malformed-cms', `${what}: BIT STRING has unused bits`);
  return block.valueBlock.valueHexView.slice();
}

/** An OCTET STRING holding `bytes`. */
export function newOctetString(bytes: Uint8Array): asn1js.OctetString {
  return new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });
}

/** An EXPLICIT `[n]` around `inner`. */
export function explicit(n: number, inner: asn1js.BaseBlock): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [inner] });
}

/**
 * A SET OF in DER order (X.690 section 11.6): the elements' encodings compared as octet strings, the shorter
 * padded with zero octets at its end.
 */
export function derSetOf(elements: readonly asn1js.BaseBlock[]): asn1js.Set {
  const encoded = elements.map((element) => ({ element, der: encodeDer(element) }));
  encoded.sort((a, b) => compareOctets(a.der, b.der));
  return new asn1js.Set({ value: encoded.map((e) => e.element) });
}

function compareOctets(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
