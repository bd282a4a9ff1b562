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
import { CoreError } from '../../errors.ts';
import { type AlgorithmIdentifier, decodeAlgorithmIdentifier } from './algorithm-identifier.ts';
import { decodeContentInfo, encodeContentInfo } from './content-info.ts';
import { TAG, children, contextTag, encoded, expectConstructed, hasTag, setOf, sequence, smallInteger, smallIntegerValue } from './der.ts';
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
  const { contentType, content } = decodeContentInfo(contentInfo);
  if (contentType !== OID.signedData) throw new CoreError('malformed-cms', `ContentInfo holds ${contentType}, not SignedData`);
  const what = 'SignedData';
  const fields = expectConstructed(content, TAG.SEQUENCE, what);
  let i = 0;
  const version = smallIntegerValue(fields[i++], `${what} version`);
  const digestAlgorithms = expectConstructed(fields[i++], TAG.SET, `${what} digestAlgorithms`).map((alg) =>
    decodeAlgorithmIdentifier(alg, `${what} digestAlgorithms`),
  );
  const encapContentInfo = decodeEncapsulatedContentInfo(fields[i++]);
  const certificates: Uint8Array[] = [];
  if (hasTag(fields[i], contextTag(0))) {
    for (const choice of children(fields[i++]!, `${what} certificates`)) {
      if (hasTag(choice, TAG.SEQUENCE)) certificates.push(encoded(choice));
    }
  }
  if (hasTag(fields[i], contextTag(1))) i++;
  const signerInfos = expectConstructed(fields[i++], TAG.SET, `${what} signerInfos`).map(decodeSignerInfo);
  if (i !== fields.length) throw new CoreError('malformed-cms', `${what}: unexpected elements`);
  return { version, digestAlgorithms, encapContentInfo, certificates, signerInfos };
}
