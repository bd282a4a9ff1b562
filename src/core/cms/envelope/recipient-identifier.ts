/**
 * Matching a RecipientInfo's recipient identifier against our certificate:
 *
 *   RecipientIdentifier ::= CHOICE {                         -- ktri, rfc5652#section-6.2.1
 *     issuerAndSerialNumber IssuerAndSerialNumber,
 *     subjectKeyIdentifier [0] SubjectKeyIdentifier }
 *   KeyAgreeRecipientIdentifier ::= CHOICE {                 -- kari, rfc5652#section-6.2.2
 *     issuerAndSerialNumber IssuerAndSerialNumber,
 *     rKeyId [0] IMPLICIT RecipientKeyIdentifier }
 *
 * Both are read into one RecipientIdentifier (recipient-info.ts). The optional `date` and `other` of an rKeyId are
 * not used to choose.
 */
import { equalBytes } from '../../bytes.ts';
import type { RecipientCertificate } from './recipient-certificate.ts';
import type { RecipientIdentifier } from './recipient-info.ts';

/** Same serial number, and the same issuer: byte for byte, or else by PKI.js's RFC 5280 name comparison. */
export function matchesIssuerAndSerialNumber(recipient: RecipientCertificate, id: Extract<RecipientIdentifier, { type: 'issuerAndSerialNumber' }>): boolean {
  if (!equalBytes(id.serialNumber, recipient.serialNumber)) return false;
  return equalBytes(id.issuer, recipient.issuer) || recipient.certificate.issuer.isEqual(id.issuerName());
}

export function matchesSubjectKeyIdentifier(recipient: RecipientCertificate, keyIdentifier: Uint8Array): boolean {
  return recipient.subjectKeyIdentifier !== undefined && equalBytes(keyIdentifier, recipient.subjectKeyIdentifier);
}

/** The `rid` of a KeyTransRecipientInfo or of a RecipientEncryptedKey. */
export function matchesRecipientIdentifier(recipient: RecipientCertificate, rid: RecipientIdentifier): boolean {
  if (rid.type === 'issuerAndSerialNumber') return matchesIssuerAndSerialNumber(recipient, rid);
  return matchesSubjectKeyIdentifier(recipient, rid.keyId);
}
