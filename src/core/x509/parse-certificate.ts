/**
 * Parsing an X.509 v3 certificate (RFC 5280 section 4.1) from DER or PEM (RFC 7468 section 5) into the facts
 * the rest of SealPhone uses, keeping the DER and the PKI.js object (for the CMS code) next to them.
 */
import type * as pkijs from 'pkijs';
import { equalBytes, toHex } from '../bytes.ts';
import { encodeDer } from '../der/index.ts';
import { CoreError, wrapErrors } from '../errors.ts';
import type { KeyType } from '../keys.ts';
import { derFromPemOrDer } from '../pem.ts';
import { type CertificateExtensions, readExtensions } from './certificate-extensions.ts';
import { decodeCertificate } from './decode-certificate.ts';
import { formatDistinguishedName, nameDer } from './distinguished-name.ts';
import { formatFingerprint, sha256Fingerprint } from './fingerprint.ts';
import { subjectPublicKeyFacts } from './subject-public-key.ts';
import { verifySelfSignature } from './verify-self-signature.ts';

/** What parseCertificate tells of a certificate: the extensions we act on (CertificateExtensions), and the fields below. */
export interface ParsedCertificate extends CertificateExtensions {
  /** The certificate's DER, as received (fingerprints are over these bytes). */
  der: Uint8Array;
  /** RFC 4514 string, e.g. `CN=alice@example.test` (what `openssl x509 -nameopt RFC2253 -subject` prints). */
  subject: string;
  issuer: string;
  /** Upper-case hex of the serial number's magnitude, as `openssl x509 -serial` prints it. */
  serialNumberHex: string;
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: Uint8Array;
  /** `AB:CD:...`, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprintHex: string;
  keyType: KeyType;
  rsaModulusBits?: number;
  /** Issuer = subject and the signature verifies with the certificate's own key. */
  selfSigned: boolean;
  pkijs: pkijs.Certificate;
}

/** Positive serials are printed without their DER sign octet (RFC 5280 section 4.1.2.2). */
function serialHex(serial: Uint8Array): string {
  let start = 0;
  while (start < serial.length - 1 && serial[start] === 0) start++;
  return toHex(serial.subarray(start)).toUpperCase();
}

function certificateTime(time: pkijs.Time, what: string): Date {
  const value = time.value;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new CoreError('malformed-certificate', `${what} is not a valid time`);
  return new Date(value.getTime());
}

/** decodeCertificate, then the structure RFC 5280 section 4.1 asks of every certificate. */
function readCertificate(der: Uint8Array): pkijs.Certificate {
  const cert = decodeCertificate(der);
  if (![0, 1, 2].includes(cert.version)) throw new CoreError('malformed-certificate', `unknown certificate version ${cert.version}`);
  if (cert.extensions && cert.version !== 2) throw new CoreError('malformed-certificate', 'extensions in a certificate that is not v3 (RFC 5280 section 4.1.2.9)');
  // RFC 5280 section 4.1.1.2: signatureAlgorithm MUST equal the signature field of tbsCertificate.
  if (!equalBytes(encodeDer(cert.signature.toSchema()), encodeDer(cert.signatureAlgorithm.toSchema()))) {
    throw new CoreError('malformed-certificate', 'signatureAlgorithm differs from tbsCertificate.signature');
  }
  return cert;
}

/**
 * Parses a certificate. Broken input gives a CoreError 'malformed-pem', 'malformed-der' or
 * 'malformed-certificate'; a key other than P-256 or RSA, or an unrecognised critical extension, 'unsupported'.
 */
export async function parseCertificate(derOrPem: Uint8Array, crypto: Crypto): Promise<ParsedCertificate> {
  const der = derFromPemOrDer(derOrPem, ['CERTIFICATE']).der.slice();
  return wrapErrors('malformed-certificate', 'the certificate could not be read', async () => {
    const cert = readCertificate(der);
    const extensions = readExtensions(cert.extensions ?? []);
    const key = subjectPublicKeyFacts(cert.subjectPublicKeyInfo);
    const fingerprintSha256 = await sha256Fingerprint(der, crypto);
    const parsed: ParsedCertificate = {
      der,
      ...extensions,
      subject: formatDistinguishedName(nameDer(cert.subject)),
      issuer: formatDistinguishedName(nameDer(cert.issuer)),
      serialNumberHex: serialHex(cert.serialNumber.valueBlock.valueHexView),
      notBefore: certificateTime(cert.notBefore, 'notBefore'),
      notAfter: certificateTime(cert.notAfter, 'notAfter'),
      fingerprintSha256,
      fingerprintHex: formatFingerprint(fingerprintSha256),
      keyType: key.keyType,
      selfSigned: await verifySelfSignature({ pkijs: cert }, crypto),
      pkijs: cert,
    };
    if (key.rsaModulusBits !== undefined) parsed.rsaModulusBits = key.rsaModulusBits;
    return parsed;
  });
}
