/**
 * AuthEnvelopedData (rfc5083#section-2.1), which PKI.js does not have; we write it with AES-128-GCM and read it
 * with AES-GCM (rfc5084#section-3):
 *
 *   AuthEnvelopedData ::= SEQUENCE {
 *     version CMSVersion,  -- always 0
 *     originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,
 *     recipientInfos RecipientInfos,
 *     authEncryptedContentInfo EncryptedContentInfo,
 *     authAttrs [1] IMPLICIT AuthAttributes OPTIONAL,
 *     mac MessageAuthenticationCode,  -- OCTET STRING: the GCM tag
 *     unauthAttrs [2] IMPLICIT UnauthAttributes OPTIONAL }
 *
 * We send no authAttrs: the content is id-data (rfc5083#section-2.1 requires them only for other types).
 */
import { type DerBlock, encoded, isContext, octetString, readOctetString, readSequence, sequence, smallInteger } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';
import { readCmsVersion } from '../cms-version.ts';
import { type EncryptedContentInfo, encryptedContentInfoDer, parseEncryptedContentInfo } from './encrypted-content-info.ts';
import { type EncodedRecipientInfo, type RecipientInfo, parseRecipientInfos, recipientInfosDer } from './recipient-info.ts';

export interface AuthEnvelopedData {
  version: number;
  recipientInfos: RecipientInfo[];
  authEncryptedContentInfo: EncryptedContentInfo;
  /**
   * When authAttrs are present, their DER with an EXPLICIT SET OF tag in place of the IMPLICIT [1]: the
   * additional authenticated data of the cipher (rfc5083#section-2.2).
   */
  authenticatedAttributes?: Uint8Array;
  mac: Uint8Array;
}

/** The DER AuthEnvelopedData, version 0, no authAttrs. */
export function encodeAuthEnvelopedData(recipientInfos: readonly EncodedRecipientInfo[], authEncryptedContentInfo: EncryptedContentInfo, mac: Uint8Array): Uint8Array {
  return sequence(smallInteger(0), recipientInfosDer(recipientInfos), encryptedContentInfoDer(authEncryptedContentInfo), octetString(mac));
}

export function parseAuthEnvelopedData(block: DerBlock): AuthEnvelopedData {
  const items = readSequence(block, 'malformed-cms', 'AuthEnvelopedData');
  let next = 0;
  const version = readCmsVersion(items[next++], 'AuthEnvelopedData.version');
  if (version !== 0) throw new CoreError('malformed-cms', `AuthEnvelopedData: version ${version}, must be 0`);
  if (isContext(items[next], 0)) next++;
  const recipientInfos = parseRecipientInfos(items[next++]);
  const authEncryptedContentInfo = parseEncryptedContentInfo(items[next++]);
  let authenticatedAttributes: Uint8Array | undefined;
  const authAttrs = items[next];
  if (isContext(authAttrs, 1)) {
    if (!authAttrs.idBlock.isConstructed) throw new CoreError('malformed-cms', 'AuthEnvelopedData: authAttrs must be constructed');
    authenticatedAttributes = encoded(authAttrs);
    authenticatedAttributes[0] = 0x31; // [1] IMPLICIT (0xa1) becomes SET OF (0x31)
    next++;
  }
  const mac = readOctetString(items[next++], 'malformed-cms', 'AuthEnvelopedData.mac', { ber: true });
  if (isContext(items[next], 2)) next++;
  if (next !== items.length) throw new CoreError('malformed-cms', 'AuthEnvelopedData: unexpected values after mac');
  if (authEncryptedContentInfo.algorithm.name !== 'AES-GCM') {
    throw new CoreError('unsupported', `AuthEnvelopedData with ${authEncryptedContentInfo.algorithm.cipher} is not supported (AES-GCM is)`);
  }
  const result: AuthEnvelopedData = { version, recipientInfos, authEncryptedContentInfo, mac };
  if (authenticatedAttributes) result.authenticatedAttributes = authenticatedAttributes;
  return result;
}
