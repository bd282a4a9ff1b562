/**
 * DER through asn1js blocks, for code that builds values as PKI.js objects (ITU-T X.690 section 10): asn1js
 * writes definite minimal lengths, and SET OF is sorted here.
 */
import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import type { DerBlock } from './tags.ts';
import { compareDerOctets } from './write.ts';

/** The DER of a block we built. */
export function encodeDer(block: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(block.toBER(false));
}

/** The exact bytes a decoded value came from, as a fresh array; for an asn1js block we built, its DER. */
export function encoded(block: DerBlock): Uint8Array {
  const view = block.valueBeforeDecodeView;
  if (view.length > 0) return view.slice();
  if (block instanceof asn1js.BaseBlock) return encodeDer(block);
  throw new CoreError('invalid-argument', 'a decoded value without its encoding');
}

/** An OCTET STRING holding a copy of `bytes`. */
export function octetStringBlock(bytes: Uint8Array): asn1js.OctetString {
  return new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });
}

/** An EXPLICIT `[n]` around `inner` (X.690 section 8.14.3). */
export function explicitBlock(n: number, inner: asn1js.BaseBlock): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [inner] });
}

/** A SET OF in DER order (X.690 section 11.6). */
export function setOfBlocks(elements: readonly asn1js.BaseBlock[]): asn1js.Set {
  const sorted = elements.map((element) => ({ element, der: encodeDer(element) })).sort((a, b) => compareDerOctets(a.der, b.der));
  return new asn1js.Set({ value: sorted.map((e) => e.element) });
}
