/**
 * What enveloping needs from a recipient's X.509 certificate (RFC 5280): the key type and SubjectPublicKeyInfo to
 * encrypt to, and the identifiers a RecipientInfo names it by (rfc5652#section-6.2.1): IssuerAndSerialNumber
 * and the subjectKeyIdentifier extension (rfc5280#section-4.2.1.2). Decoding is x509's (decode-certificate.ts).
 *
 * The same certificates (the peer's and our own) receive every message, so what is read is kept, by the
 * certificate's bytes, in a bounded cache (der/bytes-cache.ts); the result is shared and frozen.
 */
import type * as pkijs from 'pkijs';
import { BytesCache, TAG, encodeDer, encoded, sequence, tlv } from '../../der/index.ts';
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

/** Certificates read so far, by their bytes. */
const certificates = new BytesCache<RecipientCertificate>();

/**
 * Parses a DER certificate. Undecodable bytes are 'malformed-der', DER that is no certificate is
 * 'malformed-certificate', a key other than P-256 or RSA is 'unsupported'. Equal bytes give the same (frozen)
 * object again; failures are not remembered.
 */
export function parseRecipientCertificate(der: Uint8Array): RecipientCertificate {
  if (!(der instanceof Uint8Array)) return decodeRecipientCertificate(der);
  return certificates.getOrCreate(der, decodeRecipientCertificate);
}

function decodeRecipientCertificate(der: Uint8Array): RecipientCertificate {
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
  return Object.freeze(recipient);
}

/** The DER IssuerAndSerialNumber that names this certificate in a RecipientInfo (rfc5652#section-10.2.4). */
export function issuerAndSerialNumber(recipient: RecipientCertificate): Uint8Array {
  return sequence(recipient.issuer, tlv(TAG.INTEGER, recipient.serialNumber));
}
