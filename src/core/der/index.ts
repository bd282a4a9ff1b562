/**
 * DER and BER for the whole core (ITU-T X.690): one strict decoder, typed readers that throw the caller's
 * CoreError kind, a byte-exact DER writer, helpers for values built as asn1js blocks, and the AlgorithmIdentifier
 * of RFC 5280 that every module reads.
 */
export { DECODE_LIMITS, decodeDer, type DecodeOptions } from './decode.ts';
export { TAG, contextTag, hasTag, isContext, isUniversal } from './tags.ts';
export {
  expectBlock,
  readBitString,
  readChildren,
  readConstructed,
  readExplicit,
  readOctetString,
  readOid,
  readPrimitive,
  readSequence,
  readSet,
  readSmallInteger,
  type OctetStringOptions,
} from './read.ts';
export { DOTTED_OID, compareDerOctets, derNull, objectIdentifier, octetString, sequence, setOf, smallInteger, tlv, unsignedInteger } from './write.ts';
export { encodeDer, encoded, explicitBlock, octetStringBlock, setOfBlocks } from './blocks.ts';
export { isUtcTimeYear, readTime, time } from './time.ts';
export { readAlgorithmIdentifier, type AlgorithmIdentifierFields } from './algorithm-identifier.ts';
