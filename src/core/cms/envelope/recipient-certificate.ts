/**
 * What enveloping needs from a recipient's X.509 certificate (RFC 5280): the key type and SubjectPublicKeyInfo to
 * encrypt to, and the identifiers a RecipientInfo names it by (rfc5652#section-6.2.1): IssuerAndSerialNumber
 * and the subjectKeyIdentifier extension (rfc5280#section-4.2.1.2). Decoding is x509's (decode-certificate.ts).
 */
import * as pkijs from 'pkijs';
import { encodeDer, encoded } from '../../der/index.ts';
import { type KeyType, keyTypeOf } from '../../keys.ts';
import { decodeCertificate, subjectKeyIdentifierOf } from '../../x509/decode-certificate.ts';

export interface RecipientCertificate {
  certificate: pkijs.Certificate;
  keyType: KeyType;
  /** The issuer Name exactly as the certificate encodes it. */
  issuer: Uint8Array;
  /** The serialNumber INTEGER contents. */
  serialNumber: Uint8Array;
  subjectKeyIdentifier?: Uint8Array;
  /** DER SubjectPublicKeyInfo, for WebCrypto `importKey('spki', ...)`. */
  subjectPublicKeyInfo: Uint8Array;
}

/**
 * Parses a DER certificate. Undecodable bytes are 'malformed-der', DER that is no certificate is
 * 'malformed-certificate', a key other than P-256 or RSA is 'unsupported'.
 */
export function parseRecipientCertificate(der: Uint8Array): RecipientCertificate {
  const certificate = decodeCertificate(der);
  const keyType = keyTypeOf(certificate.subjectPublicKeyInfo.algorithm);
  const recipient: RecipientCertificate = {
    certificate,
    keyType,
    issuer: encoded(certificate.issuer.toSchema()),
    serialNumber: certificate.serialNumber.valueBlock.valueHexView.slice(),
    subjectPublicKeyInfo: encodeDer(certificate.subjectPublicKeyInfo.toSchema()),
  };
  const subjectKeyIdentifier = subjectKeyIdentifierOf(certificate);
  if (subjectKeyIdentifier) recipient.subjectKeyIdentifier = subjectKeyIdentifier;
  return recipient;
}

/** The IssuerAndSerialNumber that names this certificate in a RecipientInfo (rfc5652#section-10.2.4). */
export function issuerAndSerialNumber(recipient: RecipientCertificate): pkijs.IssuerAndSerialNumber {
  return new pkijs.IssuerAndSerialNumber({ issuer: recipient.certificate.issuer, serialNumber: recipient.certificate.serialNumber });
}
