/**
 * ContentInfo (RFC 5652 section 3): `SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }`,
 * the outer wrapper of every CMS object.
 */
import type * as asn1js from 'asn1js';
import { CoreError } from '../../errors.ts';
import { TAG, contextTag, decodeDer, expectConstructed, objectIdentifier, oidValue, sequence, tlv } from './der.ts';

export interface ContentInfo {
  contentType: string;
  /** The decoded content (for SignedData, its SEQUENCE). */
  content: asn1js.AsnType;
}

export function encodeContentInfo(contentType: string, content: Uint8Array): Uint8Array {
  return sequence(objectIdentifier(contentType), tlv(contextTag(0), content));
}

/** Decodes a ContentInfo: undecodable bytes are 'malformed-der', a wrong shape 'malformed-cms'. */
export function decodeContentInfo(bytes: Uint8Array): ContentInfo {
  const root = decodeDer(bytes, 'ContentInfo');
  const [type, explicit, ...extra] = expectConstructed(root, TAG.SEQUENCE, 'ContentInfo');
  const contentType = oidValue(type, 'ContentInfo contentType');
  const inner = expectConstructed(explicit, contextTag(0), 'ContentInfo content');
  if (inner.length !== 1 || extra.length > 0) throw new CoreError('malformed-cms', 'ContentInfo: unexpected elements');
  return { contentType, content: inner[0]! };
}
