/**
 * ContentInfo, the outer wrapper of every CMS object (rfc5652#section-3):
 *
 *   ContentInfo ::= SEQUENCE {
 *     contentType ContentType,
 *     content [0] EXPLICIT ANY DEFINED BY contentType }
 */
import * as asn1js from 'asn1js';
import { CoreError } from '../../errors.ts';
import { decodeDer, encodeDer, explicit, explicitInner, isContext, objectIdentifier, parseCms, sequenceItems } from './der.ts';

export interface ContentInfo {
  contentType: string;
  /** The value inside `[0]`, still undecoded beyond BER. */
  content: asn1js.BaseBlock;
}

/** Parses a DER (or BER) ContentInfo; undecodable bytes are 'malformed-der', a wrong shape 'malformed-cms'. */
export function parseContentInfo(der: Uint8Array): ContentInfo {
  const block = decodeDer(der, 'ContentInfo');
  return parseCms('ContentInfo', () => {
    const items = sequenceItems(block, 'ContentInfo');
    const contentType = objectIdentifier(items[0], 'ContentInfo.contentType');
    const wrapper = items[1];
    if (!isContext(wrapper, 0) || items.length !== 2) throw new CoreError('malformed-cms', 'ContentInfo: expected content [0] and nothing after it');
    return { contentType, content: explicitInner(wrapper, 'ContentInfo.content') };
  });
}

/** The contentType OID of a ContentInfo (rfc5652#section-3), for example OID.authEnvelopedData. */
export function contentTypeOf(contentInfo: Uint8Array): string {
  return parseContentInfo(contentInfo).contentType;
}

export function encodeContentInfo(contentType: string, content: asn1js.BaseBlock): Uint8Array {
  return encodeDer(new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: contentType }), explicit(0, content)] }));
}
