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
import type * as asn1js from 'asn1js';
import { contextTag, encodeDer, octetString, sequence, tlv } from '../../der/index.ts';

/**
 * @param keyInfo the key wrap AlgorithmIdentifier as the KeyAgreeRecipientInfo carries it: its DER, or the decoded
 *   value (re-encoded here)
 * @param ukm the user keying material, when the KeyAgreeRecipientInfo has one
 * @param kekBits the length of the key-encryption key in bits
 */
export function encodeEccCmsSharedInfo(keyInfo: Uint8Array | asn1js.BaseBlock, ukm: Uint8Array | undefined, kekBits: number): Uint8Array {
  const suppPubInfo = new Uint8Array(4);
  new DataView(suppPubInfo.buffer).setUint32(0, kekBits);
  const entityUInfo = ukm === undefined ? [] : [tlv(contextTag(0), octetString(ukm))];
  return sequence(keyInfo instanceof Uint8Array ? keyInfo : encodeDer(keyInfo), ...entityUInfo, tlv(contextTag(2), octetString(suppPubInfo)));
}
