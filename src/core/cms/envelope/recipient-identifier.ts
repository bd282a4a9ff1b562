/**
 * Matching a RecipientInfo's recipient identifier against our certificate:
 *
 *   RecipientIdentifier ::= CHOICE {                         -- ktri, rfc5652#section-6.2.1
 *     issuerAndSerialNumber IssuerAndSerialNumber,
 *     subjectKeyIdentifier [0] SubjectKeyIdentifier }
 *   KeyAgreeRecipientIdentifier ::= CHOICE {                 -- kari, rfc5652#section-6.2.2
 *     issuerAndSerialNumber IssuerAndSerialNumber,
 *     rKeyId [0] IMPLICIT RecipientKeyIdentifier }
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { equalBytes } from '../../bytes.ts';
import { encoded } from '../../der/index.ts';
import type { RecipientCertificate } from './recipient-certificate.ts';

/** Same serial number, and the same issuer: byte for byte, or else by PKI.js's RFC 5280 name comparison. */
export function matchesIssuerAndSerialNumber(recipient: RecipientCertificate, id: pkijs.IssuerAndSerialNumber): boolean {
  if (!equalBytes(id.serialNumber.valueBlock.valueHexView, recipient.serialNumber)) return false;
  return equalBytes(encoded(id.issuer.toSchema()), recipient.issuer) || recipient.certificate.issuer.isEqual(id.issuer);
}

export function matchesSubjectKeyIdentifier(recipient: RecipientCertificate, keyIdentifier: Uint8Array): boolean {
  return recipient.subjectKeyIdentifier !== undefined && equalBytes(keyIdentifier, recipient.subjectKeyIdentifier);
}

/** The `rid` of a KeyTransRecipientInfo as PKI.js parses it. */
export function matchesRecipientIdentifier(recipient: RecipientCertificate, rid: pkijs.RecipientIdentifierType): boolean {
  if (rid instanceof pkijs.IssuerAndSerialNumber) return matchesIssuerAndSerialNumber(recipient, rid);
  return rid instanceof asn1js.OctetString && matchesSubjectKeyIdentifier(recipient, rid.valueBlock.valueHexView);
}

/** The `rid` of a RecipientEncryptedKey. The optional `date` and `other` of an rKeyId are not used to choose. */
export function matchesKeyAgreeRecipientIdentifier(recipient: RecipientCertificate, rid: pkijs.KeyAgreeRecipientIdentifier): boolean {
  const value: unknown = rid.value;
  if (value instanceof pkijs.IssuerAndSerialNumber) return matchesIssuerAndSerialNumber(recipient, value);
  if (value instanceof pkijs.RecipientKeyIdentifier) return matchesSubjectKeyIdentifier(recipient, value.subjectKeyIdentifier.valueBlock.valueHexView);
  return false;
}
