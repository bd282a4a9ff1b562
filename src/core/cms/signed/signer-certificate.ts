/**
 * What signing and verifying need of an X.509 certificate (RFC 5280 section 4.1): the exact issuer Name and
 * serialNumber that make its IssuerAndSerialNumber (RFC 5652 section 10.2.4), its subject key identifier
 * (RFC 5280 section 4.2.1.2), its public key and its validity. PKI.js checks the structure; the byte fields are
 * cut from the certificate itself, never re-encoded, so that they compare equal to what other signers copied.
 *
 * The same certificates sign and verify every message, so what is read is kept, by the certificate's bytes, in a
 * bounded cache (der/bytes-cache.ts): the result is shared and frozen, and callers copy what they hand out.
 */
import * as asn1js from 'asn1js';
import { equalBytes } from '../../bytes.ts';
import { BytesCache, contextTag, decodeDer, encoded, hasTag, readChildren } from '../../der/index.ts';
import { digest } from '../../digest.ts';
import { CoreError, type CoreErrorKind, describe } from '../../errors.ts';
import { certificateFromSchema, subjectKeyIdentifierOf } from '../../x509/decode-certificate.ts';
import { OID } from './oids.ts';

export type NamedCurve = 'P-256' | 'P-384' | 'P-521';

export type CertificateKey =
  | { type: 'EC'; namedCurve: NamedCurve; /** bytes of r and of s */ size: number }
  | { type: 'RSA' }
  | { type: 'other'; algorithm: string };

export interface SignerCertificate {
  der: Uint8Array;
  /** The issuer Name, DER. */
  issuer: Uint8Array;
  /** The serialNumber INTEGER, DER. */
  serialNumber: Uint8Array;
  /** SubjectPublicKeyInfo, DER, for WebCrypto `importKey('spki', ...)`. */
  subjectPublicKeyInfo: Uint8Array;
  /** The subjectPublicKey BIT STRING's bytes (RFC 5280 section 4.2.1.2 method 1 hashes them). */
  subjectPublicKey: Uint8Array;
  /** The SubjectKeyIdentifier extension's value, if the certificate has one. */
  subjectKeyIdentifier?: Uint8Array;
  key: CertificateKey;
  notBefore: Date;
  notAfter: Date;
}

const CURVES: Record<string, { namedCurve: NamedCurve; size: number }> = {
  [OID.prime256v1]: { namedCurve: 'P-256', size: 32 },
  [OID.secp384r1]: { namedCurve: 'P-384', size: 48 },
  [OID.secp521r1]: { namedCurve: 'P-521', size: 66 },
};

/** Certificates read so far, by their bytes. */
const certificates = new BytesCache<SignerCertificate>();

/**
 * Reads a DER certificate; a failure is a CoreError of `kind` (the caller knows whose fault it is). Equal bytes
 * give the same (frozen) object again without reading them again; failures are not remembered.
 */
export function readCertificate(der: Uint8Array, kind: CoreErrorKind, what = 'certificate'): SignerCertificate {
  if (!(der instanceof Uint8Array)) return decodeSignerCertificate(der, kind, what);
  return certificates.getOrCreate(der, (bytes) => decodeSignerCertificate(bytes, kind, what));
}

function decodeSignerCertificate(der: Uint8Array, kind: CoreErrorKind, what: string): SignerCertificate {
  try {
    const block = decodeDer(der, what);
    const cert = certificateFromSchema(block);
    const tbs = readChildren(readChildren(block, kind, what)[0], kind, what);
    const at = hasTag(tbs[0], contextTag(0)) ? 1 : 0; // version [0] EXPLICIT, absent for v1
    const spkiBlock = tbs[at + 5]!;
    const algorithm = cert.subjectPublicKeyInfo.algorithm;
    let key: CertificateKey;
    if (algorithm.algorithmId === OID.rsaEncryption) {
      key = { type: 'RSA' };
    } else if (algorithm.algorithmId === OID.ecPublicKey) {
      const params = algorithm.algorithmParams;
      const curve = params instanceof asn1js.ObjectIdentifier ? CURVES[params.getValue()] : undefined;
      key = curve ? { type: 'EC', ...curve } : { type: 'other', algorithm: `${algorithm.algorithmId} (unknown curve)` };
    } else {
      key = { type: 'other', algorithm: algorithm.algorithmId };
    }
    const subjectKeyIdentifier = subjectKeyIdentifierOf(cert);
    return Object.freeze({
      der: new Uint8Array(der), // a copy, also of a Node Buffer (whose slice() is a view)
      issuer: encoded(tbs[at + 2]!),
      serialNumber: encoded(tbs[at]!),
      subjectPublicKeyInfo: encoded(spkiBlock),
      subjectPublicKey: cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView.slice(),
      ...(subjectKeyIdentifier ? { subjectKeyIdentifier } : {}),
      key,
      notBefore: cert.notBefore.value,
      notAfter: cert.notAfter.value,
    });
  } catch (error) {
    throw new CoreError(kind, `${what} is not an X.509 certificate: ${describe(error)}`, { cause: error });
  }
}

/** True when a certificate is the one an IssuerAndSerialNumber names (exact DER of both fields). */
export function matchesIssuerAndSerial(cert: SignerCertificate, issuer: Uint8Array, serialNumber: Uint8Array): boolean {
  return equalBytes(cert.issuer, issuer) && equalBytes(cert.serialNumber, serialNumber);
}

/**
 * True when a certificate is the one a SubjectKeyIdentifier names (RFC 5652 section 5.3): its extension's value,
 * or, lacking the extension, the SHA-1 of its subjectPublicKey (RFC 5280 section 4.2.1.2 method 1).
 */
export async function matchesSubjectKeyIdentifier(cert: SignerCertificate, keyId: Uint8Array, crypto: Crypto): Promise<boolean> {
  if (cert.subjectKeyIdentifier) return equalBytes(cert.subjectKeyIdentifier, keyId);
  if (keyId.length !== 20) return false;
  return equalBytes(await digest('SHA-1', cert.subjectPublicKey, crypto), keyId);
}
