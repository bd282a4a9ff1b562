/**
 * ContentInfo, the outer wrapper of every CMS object (rfc5652#section-3), for enveloped and signed data alike:
 *
 *   ContentInfo ::= SEQUENCE {
 *     contentType ContentType,
 *     content [0] EXPLICIT ANY DEFINED BY contentType }
 */
import { type DerBlock, contextTag, decodeDerValue, objectIdentifier, readConstructed, readExplicit, readOid, readSequence, sequence, tlv } from '../der/index.ts';
import { CoreError, wrapErrorsSync } from '../errors.ts';
import { CONTENT_TYPE_OID } from '../oids.ts';

export interface ContentInfo {
  contentType: string;
  /** The value inside `[0]`, decoded but not yet read (for SignedData, its SEQUENCE). */
  content: DerBlock;
}

/** `content` (DER) wrapped as a DER ContentInfo of `contentType`. */
export function encodeContentInfo(contentType: string, content: Uint8Array): Uint8Array {
  return sequence(objectIdentifier(contentType), tlv(contextTag(0), content));
}

/** Decodes a DER or BER ContentInfo: undecodable bytes are 'malformed-der', a wrong shape 'malformed-cms'. */
export function decodeContentInfo(der: Uint8Array): ContentInfo {
  return readContentInfo(decodeDerValue(der, 'ContentInfo', { ber: true }));
}

/** Reads a decoded ContentInfo; a wrong shape is 'malformed-cms'. */
export function readContentInfo(block: DerBlock): ContentInfo {
  return wrapErrorsSync('malformed-cms', 'ContentInfo', () => {
    const [type, wrapper, ...extra] = readSequence(block, 'malformed-cms', 'ContentInfo');
    const contentType = readOid(type, 'malformed-cms', 'ContentInfo.contentType');
    readConstructed(wrapper, contextTag(0), 'malformed-cms', 'ContentInfo.content');
    if (extra.length > 0) throw new CoreError('malformed-cms', 'ContentInfo: expected content [0] and nothing after it');
    return { contentType, content: readExplicit(wrapper, 'malformed-cms', 'ContentInfo.content') };
  });
}

/** The contentType OID of a ContentInfo, for example id-authEnvelopedData. */
export function contentTypeOf(contentInfo: Uint8Array): string {
  return decodeContentInfo(contentInfo).contentType;
}

/**
 * The decoded ContentInfo when `bytes` are one of SignedData (RFC 8551 section 3.7: signed, then encrypted), else
 * undefined; decoded once, so that the caller verifies from it.
 */
export function asSignedData(bytes: Uint8Array): ContentInfo | undefined {
  if (bytes[0] !== 0x30) return undefined;
  try {
    const decoded = decodeContentInfo(bytes);
    return decoded.contentType === CONTENT_TYPE_OID.signedData ? decoded : undefined;
  } catch {
    return undefined;
  }
}
