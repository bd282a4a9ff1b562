/**
 * ECC-CMS-SharedInfo, the SharedInfo input of the X9.63 KDF in CMS (rfc5753#section-7.2):
 *
 *   ECC-CMS-SharedInfo ::= SEQUENCE {
 *     keyInfo         AlgorithmIdentifier,          -- the key wrap algorithm, with its parameters
 *     entityUInfo [0] EXPLICIT OCTET STRING OPTIONAL, -- the ukm, present only when the sender sent one
 *     suppPubInfo [2] EXPLICIT OCTET STRING   }     -- the KEK length in bits, 32-bit big-endian
 *
 * PKI.js (bug #335) always writes entityUInfo, which is why openssl messages without a ukm fail there.
 */
import * as asn1js from 'asn1js';
import { encodeDer, explicitBlock, octetStringBlock } from '../../der/index.ts';

/**
 * @param keyInfo the key wrap AlgorithmIdentifier exactly as the KeyAgreeRecipientInfo carries it
 * @param ukm the user keying material, when the KeyAgreeRecipientInfo has one
 * @param kekBits the length of the key-encryption key in bits
 */
export function encodeEccCmsSharedInfo(keyInfo: asn1js.BaseBlock, ukm: Uint8Array | undefined, kekBits: number): Uint8Array {
  const suppPubInfo = new Uint8Array(4);
  new DataView(suppPubInfo.buffer).setUint32(0, kekBits);
  const value: asn1js.BaseBlock[] = [keyInfo];
  if (ukm !== undefined) value.push(explicitBlock(0, octetStringBlock(ukm)));
  value.push(explicitBlock(2, octetStringBlock(suppPubInfo)));
  return encodeDer(new asn1js.Sequence({ value }));
}
