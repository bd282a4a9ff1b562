/**
 * EncryptedContentInfo (rfc5652#section-6.1), also AuthEnvelopedData's authEncryptedContentInfo (RFC 5083):
 *
 *   EncryptedContentInfo ::= SEQUENCE {
 *     contentType ContentType,
 *     contentEncryptionAlgorithm ContentEncryptionAlgorithmIdentifier,
 *     encryptedContent [0] IMPLICIT EncryptedContent OPTIONAL }
 *
 * Built here rather than with PKI.js, whose EncryptedContentInfo splits the content into a constructed
 * (BER, not DER) OCTET STRING unless told not to.
 */
import * as asn1js from 'asn1js';
import { type DerBlock, contextTag, decodeDer, expectBlock, isContext, objectIdentifier, readOctetString, readOid, readSequence, sequence, tlv } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';
import { type ContentEncryptionAlgorithm, encodeContentEncryptionAlgorithm, parseContentEncryptionAlgorithm } from './content-encryption-algorithm.ts';

export interface EncryptedContentInfo {
  /** The type of the content that was encrypted, for example id-data. */
  contentType: string;
  algorithm: ContentEncryptionAlgorithm;
  encryptedContent: Uint8Array;
}

/** The DER EncryptedContentInfo, encryptedContent as `[0] IMPLICIT OCTET STRING`, primitive. */
export function encryptedContentInfoDer(info: EncryptedContentInfo): Uint8Array {
  return sequence(objectIdentifier(info.contentType), encodeContentEncryptionAlgorithm(info.algorithm), tlv(contextTag(0, false), info.encryptedContent));
}

/** encryptedContentInfoDer as an asn1js block, for messages assembled from asn1js blocks. */
export function encodeEncryptedContentInfo(info: EncryptedContentInfo): asn1js.Sequence {
  return expectBlock(decodeDer(encryptedContentInfoDer(info), 'EncryptedContentInfo'), asn1js.Sequence, 'invalid-argument', 'EncryptedContentInfo');
}

/** Reads it; detached content (encryptedContent absent) is 'unsupported', an unknown cipher too. */
export function parseEncryptedContentInfo(block: DerBlock | undefined): EncryptedContentInfo {
  const items = readSequence(block, 'malformed-cms', 'EncryptedContentInfo');
  const contentType = readOid(items[0], 'malformed-cms', 'EncryptedContentInfo.contentType');
  const algorithm = parseContentEncryptionAlgorithm(items[1]);
  if (items.length > 3) throw new CoreError('malformed-cms', 'EncryptedContentInfo: unexpected values after encryptedContent');
  if (items[2] === undefined) throw new CoreError('unsupported', 'EncryptedContentInfo: detached encrypted content is not supported');
  if (!isContext(items[2], 0)) throw new CoreError('malformed-cms', 'EncryptedContentInfo: expected encryptedContent [0]');
  const encryptedContent = readOctetString(items[2], 'malformed-cms', 'EncryptedContentInfo.encryptedContent', { ber: true, implicitTag: 0 });
  return { contentType, algorithm, encryptedContent };
}
