/**
 * EnvelopedData (rfc5652#section-6.1), which we write with AES-CBC and read with AES-CBC:
 *
 *   EnvelopedData ::= SEQUENCE {
 *     version CMSVersion,
 *     originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,
 *     recipientInfos RecipientInfos,
 *     encryptedContentInfo EncryptedContentInfo,
 *     unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }
 *
 * originatorInfo (certificates for the recipient) and unprotectedAttrs are read past, not used.
 */
import { type DerBlock, isContext, readSequence, sequence, smallInteger } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';
import { readCmsVersion } from '../cms-version.ts';
import { type EncryptedContentInfo, encryptedContentInfoDer, parseEncryptedContentInfo } from './encrypted-content-info.ts';
import { type EncodedRecipientInfo, type RecipientInfo, envelopedDataVersion, parseRecipientInfos, recipientInfosDer } from './recipient-info.ts';

export interface EnvelopedData {
  version: number;
  recipientInfos: RecipientInfo[];
  encryptedContentInfo: EncryptedContentInfo;
}

/** The DER EnvelopedData, its version computed from the RecipientInfos (rfc5652#section-6.1). */
export function encodeEnvelopedData(recipientInfos: readonly EncodedRecipientInfo[], encryptedContentInfo: EncryptedContentInfo): Uint8Array {
  return sequence(smallInteger(envelopedDataVersion(recipientInfos)), recipientInfosDer(recipientInfos), encryptedContentInfoDer(encryptedContentInfo));
}

export function parseEnvelopedData(block: DerBlock): EnvelopedData {
  const items = readSequence(block, 'malformed-cms', 'EnvelopedData');
  let next = 0;
  const version = readCmsVersion(items[next++], 'EnvelopedData.version');
  if (isContext(items[next], 0)) next++;
  const recipientInfos = parseRecipientInfos(items[next++]);
  const encryptedContentInfo = parseEncryptedContentInfo(items[next++]);
  if (isContext(items[next], 1)) next++;
  if (next !== items.length) throw new CoreError('malformed-cms', 'EnvelopedData: unexpected values after encryptedContentInfo');
  if (encryptedContentInfo.algorithm.name !== 'AES-CBC') {
    // rfc5084#section-1: AES-GCM is for AuthEnvelopedData; without its mac there is nothing to check the tag against.
    throw new CoreError('unsupported', `EnvelopedData with ${encryptedContentInfo.algorithm.cipher} is not supported; AES-GCM belongs in AuthEnvelopedData`);
  }
  return { version, recipientInfos, encryptedContentInfo };
}
