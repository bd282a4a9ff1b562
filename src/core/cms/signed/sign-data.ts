/**
 * Signing (RFC 5652 sections 5.4 and 5.5, profiled by RFC 8551 section 2): one SignerInfo identified by
 * IssuerAndSerialNumber, SHA-256, signed attributes content-type, message-digest and signing-time, signature
 * ecdsa-with-SHA256 (P-256) or sha256WithRSAEncryption (RSA), signer certificate included.
 *
 * SMIMECapabilities (RFC 8551 section 2.5.2, a SHOULD) is left out: SIP bodies are kept small, and peers learn
 * what we decrypt from our certificate (docs/design.md "S/MIME profile"), not from this attribute.
 */
import { equalBytes } from '../../bytes.ts';
import { digest } from '../../digest.ts';
import { CoreError, describe } from '../../errors.ts';
import type { PrivateKeySet } from '../../keys.ts';
import { SHA256_DIGEST } from './algorithm-identifier.ts';
import { OID } from './oids.ts';
import { encodeSignedAttributes } from './signed-attributes.ts';
import { encodeSignedData } from './signed-data.ts';
import { checkSignatureValue, signValue } from './signature-value.ts';
import { type SignerCertificate, readCertificate } from './signer-certificate.ts';
import { encodeSignerInfo } from './signer-info.ts';

export interface Signer {
  /** The signer's X.509 certificate, DER. */
  certificate: Uint8Array;
  keys: PrivateKeySet;
}

export interface SignOptions {
  /** Leave eContent out (for multipart/signed, RFC 8551 section 3.5.3). Default false: encapsulated. */
  detached?: boolean;
  /** eContentType (RFC 5652 section 5.2); default id-data. */
  eContentType?: string;
  /** More certificates to carry besides the signer's. */
  extraCertificates?: Uint8Array[];
  /** The signing-time attribute (RFC 5652 section 11.3); default now. Seconds precision. */
  signingTime?: Date;
}

/**
 * Signing keys already shown to belong to a certificate (the certificate objects are readCertificate's cached
 * ones). Only matches are remembered, so a key that is not the certificate's fails every time.
 */
const provenKeys = new WeakMap<CryptoKey, WeakSet<SignerCertificate>>();

/**
 * A key that is not the certificate's would make messages nobody can verify: catch it here, not at the peer, by
 * verifying our own first signature with the certificate's key; later signatures with the same key and
 * certificate skip the check.
 */
async function checkKeyBelongsToCertificate(key: CryptoKey, cert: SignerCertificate, signature: Uint8Array, signedAttrs: Uint8Array, crypto: Crypto): Promise<void> {
  if (provenKeys.get(key)?.has(cert)) return;
  const scheme = { key: cert.key.type === 'EC' ? ('EC' as const) : ('RSA' as const), hash: 'SHA-256' as const };
  if (!(await checkSignatureValue(cert, scheme, 'SHA-256', signature, signedAttrs, crypto))) {
    throw new CoreError('invalid-argument', 'the signing key does not belong to the signer certificate');
  }
  let certificates = provenKeys.get(key);
  if (!certificates) {
    certificates = new WeakSet();
    provenKeys.set(key, certificates);
  }
  certificates.add(cert);
}

/** Signs `content` and returns the DER ContentInfo of the SignedData. Bad arguments are 'invalid-argument'. */
export async function signData(content: Uint8Array, signer: Signer, crypto: Crypto, options: SignOptions = {}): Promise<Uint8Array> {
  if (!(content instanceof Uint8Array)) throw new CoreError('invalid-argument', 'content must be a Uint8Array');
  const cert = readCertificate(signer.certificate, 'invalid-argument', 'signer certificate');
  const wanted = signer.keys.type === 'P-256' ? 'EC P-256' : 'RSA';
  const have = cert.key.type === 'EC' ? `EC ${cert.key.namedCurve}` : cert.key.type;
  if (wanted !== have) throw new CoreError('invalid-argument', `a ${signer.keys.type} key cannot sign for a certificate with an ${have} key`);
  const eContentType = options.eContentType ?? OID.data;
  const signingTime = options.signingTime ?? new Date();
  const certificates = [cert.der];
  (options.extraCertificates ?? []).forEach((der, i) => {
    const extra = readCertificate(der, 'invalid-argument', `extra certificate ${i}`).der;
    if (!certificates.some((c) => equalBytes(c, extra))) certificates.push(extra);
  });

  let messageDigest: Uint8Array;
  try {
    messageDigest = await digest('SHA-256', content, crypto);
  } catch (error) {
    throw new CoreError('invalid-argument', `cannot digest the content: ${describe(error)}`, { cause: error });
  }
  const signedAttrs = encodeSignedAttributes({ contentType: eContentType, messageDigest, signingTime });
  const { signatureAlgorithm, signature } = await signValue(signer.keys, signedAttrs, crypto);
  await checkKeyBelongsToCertificate(signer.keys.signing, cert, signature, signedAttrs, crypto);

  const signerInfo = encodeSignerInfo({
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    digestAlgorithm: SHA256_DIGEST,
    signedAttrs,
    signatureAlgorithm,
    signature,
  });
  return encodeSignedData({
    digestAlgorithms: [SHA256_DIGEST],
    encapContentInfo: { eContentType, ...(options.detached ? {} : { eContent: content }) },
    certificates,
    signerInfos: [signerInfo],
  });
}
