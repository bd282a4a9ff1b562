/**
 * SignerInfo (RFC 5652 section 5.3):
 * ```
 * SignerInfo ::= SEQUENCE { version, sid SignerIdentifier, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
 *                           signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL }
 * SignerIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber, subjectKeyIdentifier [0] }
 * ```
 * We write version 1 with IssuerAndSerialNumber (section 10.2.4) and read both choices. Unsigned attributes
 * (countersignatures and the like) are skipped.
 */
import { type DerBlock, TAG, contextTag, encoded, hasTag, octetString, readConstructed, readOctetString, readPrimitive, readSequence, sequence, smallInteger } from '../../der/index.ts';
import { CoreError } from '../../errors.ts';
import { readCmsVersion } from '../cms-version.ts';
import { type AlgorithmIdentifier, decodeAlgorithmIdentifier } from './algorithm-identifier.ts';
import { type SignedAttributes, decodeSignedAttributes } from './signed-attributes.ts';

export type SignerIdentifier =
  | { type: 'issuerAndSerialNumber'; /** Name, DER */ issuer: Uint8Array; /** INTEGER, DER */ serialNumber: Uint8Array }
  | { type: 'subjectKeyIdentifier'; keyId: Uint8Array };

export interface SignerInfo {
  version: number;
  sid: SignerIdentifier;
  digestAlgorithm: AlgorithmIdentifier;
  signedAttrs?: SignedAttributes;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
}

/** A version 1 SignerInfo; every argument is already DER (`signedAttrs` with its SET OF tag, as signed). */
export function encodeSignerInfo(fields: {
  issuer: Uint8Array;
  serialNumber: Uint8Array;
  digestAlgorithm: Uint8Array;
  signedAttrs: Uint8Array;
  signatureAlgorithm: Uint8Array;
  signature: Uint8Array;
}): Uint8Array {
  const implicitAttrs = new Uint8Array(fields.signedAttrs);
  implicitAttrs[0] = contextTag(0); // section 5.3: [0] IMPLICIT on the wire, SET OF when signed
  return sequence(
    smallInteger(1),
    sequence(fields.issuer, fields.serialNumber),
    fields.digestAlgorithm,
    implicitAttrs,
    fields.signatureAlgorithm,
    octetString(fields.signature),
  );
}

function decodeSignerIdentifier(block: DerBlock | undefined): SignerIdentifier {
  const what = 'SignerInfo sid';
  if (hasTag(block, TAG.SEQUENCE)) {
    const [issuer, serialNumber, ...extra] = readSequence(block, 'malformed-cms', what);
    if (!hasTag(issuer, TAG.SEQUENCE) || !hasTag(serialNumber, TAG.INTEGER) || extra.length > 0) {
      throw new CoreError('malformed-cms', `${what}: malformed IssuerAndSerialNumber`);
    }
    return { type: 'issuerAndSerialNumber', issuer: encoded(issuer), serialNumber: encoded(serialNumber) };
  }
  const keyIdTag = contextTag(0, false);
  if (hasTag(block, keyIdTag)) return { type: 'subjectKeyIdentifier', keyId: readPrimitive(block, keyIdTag, 'malformed-cms', what) };
  if (hasTag(block, contextTag(0))) {
    return { type: 'subjectKeyIdentifier', keyId: readOctetString(readConstructed(block, contextTag(0), 'malformed-cms', what)[0], 'malformed-cms', what, { ber: true }) };
  }
  throw new CoreError('malformed-cms', `${what}: neither IssuerAndSerialNumber nor SubjectKeyIdentifier`);
}

export function decodeSignerInfo(block: DerBlock): SignerInfo {
  const what = 'SignerInfo';
  const fields = readSequence(block, 'malformed-cms', what);
  let i = 0;
  const version = readCmsVersion(fields[i++], `${what} version`);
  const sid = decodeSignerIdentifier(fields[i++]);
  const digestAlgorithm = decodeAlgorithmIdentifier(fields[i++], `${what} digestAlgorithm`);
  const signedAttrs = hasTag(fields[i], contextTag(0)) ? decodeSignedAttributes(fields[i++]!) : undefined;
  const signatureAlgorithm = decodeAlgorithmIdentifier(fields[i++], `${what} signatureAlgorithm`);
  const signature = readOctetString(fields[i++], 'malformed-cms', `${what} signature`, { ber: true });
  if (hasTag(fields[i], contextTag(1))) i++;
  if (i !== fields.length) throw new CoreError('malformed-cms', `${what}: unexpected elements`);
  return { version, sid, digestAlgorithm, ...(signedAttrs ? { signedAttrs } : {}), signatureAlgorithm, signature };
}

