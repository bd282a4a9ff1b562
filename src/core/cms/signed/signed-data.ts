/**
 * SignedData (RFC 5652 section 5.1) inside its ContentInfo (section 3):
 * ```
 * SignedData ::= SEQUENCE { version CMSVersion, digestAlgorithms SET OF DigestAlgorithmIdentifier,
 *   encapContentInfo EncapsulatedContentInfo, certificates [0] IMPLICIT CertificateSet OPTIONAL,
 *   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL, signerInfos SET OF SignerInfo }
 * ```
 * Of the CertificateChoices (section 10.2.2) only plain X.509 certificates are kept; attribute certificates and
 * other formats are skipped, as are the crls, which SealPhone does not use (no PKI path validation).
 */
import { TAG, contextTag, encoded, hasTag, readChildren, readSequence, readSet, sequence, setOf, smallInteger } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';
import { readCmsVersion } from '../cms-version.ts';
import { type ContentInfo, decodeContentInfo, encodeContentInfo } from '../content-info.ts';
import { type AlgorithmIdentifier, decodeAlgorithmIdentifier } from './algorithm-identifier.ts';
import { type EncapsulatedContentInfo, decodeEncapsulatedContentInfo, encodeEncapsulatedContentInfo } from './encapsulated-content-info.ts';
import { OID } from './oids.ts';
import { type SignerInfo, decodeSignerInfo } from './signer-info.ts';

export interface SignedData {
  version: number;
  digestAlgorithms: AlgorithmIdentifier[];
  encapContentInfo: EncapsulatedContentInfo;
  /** The X.509 certificates, exactly as encoded in the message, in message order. */
  certificates: Uint8Array[];
  signerInfos: SignerInfo[];
}

/**
 * A ContentInfo of SignedData, DER. `certificates` and `signerInfos` are DER elements; the SET OFs are sorted.
 * The version follows section 5.1: 3 when the content type is not id-data, else 1 (we only write X.509
 * certificates and version 1 SignerInfos).
 */
export function encodeSignedData(fields: {
  digestAlgorithms: Uint8Array[];
  encapContentInfo: EncapsulatedContentInfo;
  certificates: Uint8Array[];
  signerInfos: Uint8Array[];
}): Uint8Array {
  const version = fields.encapContentInfo.eContentType === OID.data ? 1 : 3;
  const certificates = fields.certificates.length > 0 ? [setOf(fields.certificates, contextTag(0))] : [];
  const signedData = sequence(
    smallInteger(version),
    setOf(fields.digestAlgorithms),
    encodeEncapsulatedContentInfo(fields.encapContentInfo),
    ...certificates,
    setOf(fields.signerInfos),
  );
  return encodeContentInfo(OID.signedData, signedData);
}

/** Decodes a ContentInfo that must hold SignedData ('malformed-der' / 'malformed-cms' otherwise). */
export function decodeSignedData(contentInfo: Uint8Array): SignedData {
  return readSignedData(decodeContentInfo(contentInfo));
}

/** The SignedData of an already decoded ContentInfo, for callers that decoded it to learn its type. */
export function readSignedData({ contentType, content }: ContentInfo): SignedData {
  if (contentType !== OID.signedData) throw new CoreError('malformed-cms', `ContentInfo holds ${contentType}, not SignedData`);
  const what = 'SignedData';
  const fields = readSequence(content, 'malformed-cms', what);
  let i = 0;
  const version = readCmsVersion(fields[i++], `${what} version`);
  const digestAlgorithms = readSet(fields[i++], 'malformed-cms', `${what} digestAlgorithms`).map((alg) =>
    decodeAlgorithmIdentifier(alg, `${what} digestAlgorithms`),
  );
  const encapContentInfo = decodeEncapsulatedContentInfo(fields[i++]);
  const certificates: Uint8Array[] = [];
  if (hasTag(fields[i], contextTag(0))) {
    for (const choice of readChildren(fields[i++], 'malformed-cms', `${what} certificates`)) {
      if (hasTag(choice, TAG.SEQUENCE)) certificates.push(encoded(choice));
    }
  }
  if (hasTag(fields[i], contextTag(1))) i++;
  const signerInfos = readSet(fields[i++], 'malformed-cms', `${what} signerInfos`).map(decodeSignerInfo);
  if (i !== fields.length) throw new CoreError('malformed-cms', `${what}: unexpected elements`);
  return { version, digestAlgorithms, encapContentInfo, certificates, signerInfos };
}
