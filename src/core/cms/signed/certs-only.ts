/**
 * Certificates-only SignedData (RFC 8551 section 3.6, RFC 5652 section 5.1's degenerate case): no SignerInfo,
 * no content, only certificates. SIP carries it as `smime-type=certs-only`, e.g. in the 493 a UAS answers with
 * its own certificate (RFC 3261 section 23.2).
 */
import { equalBytes } from '../../bytes.ts';
import { CoreError, wrapErrorsSync } from '../../errors.ts';
import { OID } from './oids.ts';
import { decodeSignedData, encodeSignedData } from './signed-data.ts';
import { readCertificate } from './signer-certificate.ts';

/** DER ContentInfo of a certs-only SignedData carrying `certificates` (DER, at least one; duplicates dropped). */
export function buildCertsOnly(certificates: Uint8Array[]): Uint8Array {
  return wrapErrorsSync('invalid-argument', 'buildCertsOnly', () => {
    if (!Array.isArray(certificates) || certificates.length === 0) throw new CoreError('invalid-argument', 'certs-only needs at least one certificate');
    const unique: Uint8Array[] = [];
    certificates.forEach((der, i) => {
      const cert = readCertificate(der, 'invalid-argument', `certificate ${i}`).der;
      if (!unique.some((u) => equalBytes(u, cert))) unique.push(cert);
    });
    return encodeSignedData({ digestAlgorithms: [], encapContentInfo: { eContentType: OID.data }, certificates: unique, signerInfos: [] });
  });
}

/** The X.509 certificates (DER, message order) a SignedData carries, whether or not it is signed. */
export function signedDataCertificates(contentInfo: Uint8Array): Uint8Array[] {
  return wrapErrorsSync('malformed-cms', 'signedDataCertificates', () => {
    if (!(contentInfo instanceof Uint8Array)) throw new CoreError('invalid-argument', 'contentInfo must be a Uint8Array');
    const { certificates } = decodeSignedData(contentInfo);
    certificates.forEach((der, i) => readCertificate(der, 'malformed-cms', `SignedData certificate ${i}`));
    return certificates;
  });
}

/**
 * The certificates of a certs-only message. A SignedData with signers or content is not one: 'malformed-cms'
 * (a signed message must go through verifySignedData, never be mistaken for a certificate delivery).
 */
export function parseCertsOnly(contentInfo: Uint8Array): Uint8Array[] {
  return wrapErrorsSync('malformed-cms', 'parseCertsOnly', () => {
    if (!(contentInfo instanceof Uint8Array)) throw new CoreError('invalid-argument', 'contentInfo must be a Uint8Array');
    const { signerInfos, encapContentInfo, certificates } = decodeSignedData(contentInfo);
    if (signerInfos.length > 0 || encapContentInfo.eContent !== undefined) {
      throw new CoreError('malformed-cms', 'not a certs-only SignedData: it has signers or content');
    }
    certificates.forEach((der, i) => readCertificate(der, 'malformed-cms', `SignedData certificate ${i}`));
    return certificates;
  });
}
