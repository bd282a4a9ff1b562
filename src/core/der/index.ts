/**
 * DER and BER for the whole core (ITU-T X.690): one strict decoder (with a fast path for strict DER), typed readers
 * that throw the caller's CoreError kind, a byte-exact DER writer, helpers for values built as asn1js blocks, the
 * AlgorithmIdentifier of RFC 5280 that every module reads, and a bounded cache of values derived from DER bytes.
 */
export { DECODE_LIMITS, decodeDer, decodeDerValue, type DecodeOptions } from './decode.ts';
export { DerValue, decodeStrictDer } from './strict-der.ts';
export { TAG, contextTag, hasTag, isContext, isUniversal, type DerBlock } from './tags.ts';
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
  type Inner,
  type OctetStringOptions,
} from './read.ts';
export { DOTTED_OID, bitString, compareDerOctets, derNull, objectIdentifier, octetString, sequence, setOf, smallInteger, tlv, unsignedInteger } from './write.ts';
export { encodeDer, encoded, explicitBlock, octetStringBlock, setOfBlocks } from './blocks.ts';
export { isUtcTimeYear, readTime, time } from './time.ts';
export { readAlgorithmIdentifier, type AlgorithmIdentifierFields } from './algorithm-identifier.ts';
export { BytesCache, DEFAULT_CACHE_CAPACITY, fnv1a } from './bytes-cache.ts';
