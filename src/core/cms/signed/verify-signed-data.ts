/**
 * Verifying SignedData (RFC 5652 section 5.6), without PKI path validation: SealPhone trusts a certificate
 * because the certificate service delivered it (RFC 6072 section 10.3) and pins it as `expectedSigner`.
 *
 * For each SignerInfo: find its certificate (section 5.3 SignerIdentifier: `expectedSigner` when it matches,
 * else one carried in the message), check content-type and message-digest against the content (sections 11.1,
 * 11.2), check the signature over the DER signed attributes (section 5.4) or, without them, over the content,
 * and check that the certificate is inside its validity window at `now` (RFC 5280 section 4.1.2.5).
 *
 * Several SignerInfos: all must verify, as `openssl cms -verify` requires; the result describes the first one,
 * or with `expectedSigner` the first one signed by that certificate.
 */
import { equalBytes } from '../../bytes.ts';
import { digest } from '../../digest.ts';
import { CoreError, wrapErrors } from '../../errors.ts';
import type { ContentInfo } from '../content-info.ts';
import { digestHash, signatureScheme } from './algorithm-identifier.ts';
import { OID } from './oids.ts';
import { signedAttributeValues } from './signed-attributes.ts';
import { decodeSignedData, readSignedData } from './signed-data.ts';
import { checkSignatureValue } from './signature-value.ts';
import { type SignerCertificate, matchesIssuerAndSerial, matchesSubjectKeyIdentifier, readCertificate } from './signer-certificate.ts';
import type { SignerInfo } from './signer-info.ts';

export interface VerifyOptions {
  /** The content of a detached signature (eContent absent), e.g. the first part of multipart/signed. */
  detachedContent?: Uint8Array;
  /** The certificate (DER) that must have signed; also used when the message carries no certificate. */
  expectedSigner?: Uint8Array;
  /** When the signer certificate must be valid; default now. */
  now?: Date;
}

export interface VerifiedSignedData {
  content: Uint8Array;
  eContentType: string;
  /** The signer's certificate, DER. */
  signerCertificate: Uint8Array;
  /** The signing-time attribute, if present (the signer's claim, not a trusted time). */
  signingTime?: Date;
}

/**
 * Verifies a DER/BER ContentInfo of SignedData. Every failure is a CoreError: 'bad-signature' (with the reason),
 * 'untrusted-certificate' (no signer certificate, or not `expectedSigner`), 'expired', 'malformed-der',
 * 'malformed-cms', 'malformed-certificate', 'unsupported', or 'invalid-argument' for unusable arguments.
 */
export async function verifySignedData(contentInfo: Uint8Array, crypto: Crypto, options: VerifyOptions = {}): Promise<VerifiedSignedData> {
  return wrapErrors('malformed-cms', 'SignedData cannot be verified', () => verify(contentInfo, undefined, crypto, options));
}

/**
 * verifySignedData of a ContentInfo the caller has already decoded from `contentInfo` (decodeContentInfo), so that
 * the bytes are not decoded twice; the same checks in the same order, the same errors.
 */
export async function verifyDecodedSignedData(contentInfo: Uint8Array, decoded: ContentInfo, crypto: Crypto, options: VerifyOptions = {}): Promise<VerifiedSignedData> {
  return wrapErrors('malformed-cms', 'SignedData cannot be verified', () => verify(contentInfo, decoded, crypto, options));
}

async function verify(contentInfo: Uint8Array, decoded: ContentInfo | undefined, crypto: Crypto, options: VerifyOptions): Promise<VerifiedSignedData> {
  if (!(contentInfo instanceof Uint8Array)) throw new CoreError('invalid-argument', 'contentInfo must be a Uint8Array');
  if (options.detachedContent !== undefined && !(options.detachedContent instanceof Uint8Array)) {
    throw new CoreError('invalid-argument', 'detachedContent must be a Uint8Array');
  }
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new CoreError('invalid-argument', 'now is not a valid date');
  const pinned = options.expectedSigner ? readCertificate(options.expectedSigner, 'invalid-argument', 'expectedSigner') : undefined;

  const signedData = decoded ? readSignedData(decoded) : decodeSignedData(contentInfo);
  const { eContentType, eContent } = signedData.encapContentInfo;
  if (signedData.signerInfos.length === 0) throw new CoreError('bad-signature', 'the SignedData has no SignerInfo: nothing is signed');
  let content: Uint8Array;
  if (eContent !== undefined) {
    // Verifying one content while the caller shows another would be worse than refusing.
    if (options.detachedContent !== undefined) throw new CoreError('malformed-cms', 'a detached signature was expected, but the content is encapsulated');
    content = eContent;
  } else {
    if (options.detachedContent === undefined) throw new CoreError('malformed-cms', 'the signature is detached and no detached content was given');
    content = new Uint8Array(options.detachedContent);
  }
  const carried = signedData.certificates.map((der, i) => readCertificate(der, 'malformed-cms', `SignedData certificate ${i}`));

  const verified: { cert: SignerCertificate; signingTime?: Date }[] = [];
  for (const signerInfo of signedData.signerInfos) {
    verified.push(await verifySignerInfo(signerInfo, eContentType, content, carried, pinned, now, crypto));
  }
  const chosen = pinned ? verified.find((v) => equalBytes(v.cert.der, pinned.der)) : verified[0];
  if (!chosen) throw new CoreError('untrusted-certificate', 'the message is not signed by the expected certificate');
  return {
    content,
    eContentType,
    signerCertificate: new Uint8Array(chosen.cert.der),
    ...(chosen.signingTime ? { signingTime: chosen.signingTime } : {}),
  };
}

async function findSignerCertificate(
  signerInfo: SignerInfo,
  carried: SignerCertificate[],
  pinned: SignerCertificate | undefined,
  crypto: Crypto,
): Promise<SignerCertificate> {
  const sid = signerInfo.sid;
  const matches = async (cert: SignerCertificate): Promise<boolean> =>
    sid.type === 'issuerAndSerialNumber'
      ? matchesIssuerAndSerial(cert, sid.issuer, sid.serialNumber)
      : await matchesSubjectKeyIdentifier(cert, sid.keyId, crypto);
  if (pinned && (await matches(pinned))) return pinned;
  for (const cert of carried) if (await matches(cert)) return cert;
  throw new CoreError(
    'untrusted-certificate',
    pinned ? 'the message is signed by another certificate than the expected one' : 'the signer certificate is not in the message and none was expected',
  );
}

async function verifySignerInfo(
  signerInfo: SignerInfo,
  eContentType: string,
  content: Uint8Array,
  carried: SignerCertificate[],
  pinned: SignerCertificate | undefined,
  now: Date,
  crypto: Crypto,
): Promise<{ cert: SignerCertificate; signingTime?: Date }> {
  const cert = await findSignerCertificate(signerInfo, carried, pinned, crypto);
  const digestAlgorithm = digestHash(signerInfo.digestAlgorithm);
  const scheme = signatureScheme(signerInfo.signatureAlgorithm);
  const checkSignature = (signed: Uint8Array): Promise<boolean> =>
    checkSignatureValue(cert, scheme, scheme.hash ?? digestAlgorithm, signerInfo.signature, signed, crypto);
  let signature: Promise<boolean>;
  let signingTime: Date | undefined;
  if (signerInfo.signedAttrs) {
    const values = signedAttributeValues(signerInfo.signedAttrs);
    if (values.contentType !== eContentType) {
      throw new CoreError('bad-signature', `content type mismatch: signed ${values.contentType}, carried ${eContentType} (RFC 5652 section 11.1)`);
    }
    // The signature covers the attributes, not the content: check it while the content is digested, and judge the
    // digest first, as before (a wrong digest is reported as such even when the signature is bad too).
    signature = checkSignature(signerInfo.signedAttrs.der);
    signature.catch(() => undefined);
    if (!equalBytes(await digest(digestAlgorithm, content, crypto), values.messageDigest)) {
      throw new CoreError('bad-signature', 'message digest mismatch: the content is not what was signed');
    }
    signingTime = values.signingTime;
  } else if (eContentType !== OID.data) {
    throw new CoreError('bad-signature', `content type ${eContentType} is signed without signed attributes (RFC 5652 section 5.3)`);
  } else {
    signature = checkSignature(content);
  }
  if (!(await signature)) {
    throw new CoreError('bad-signature', 'signature does not verify');
  }
  if (now < cert.notBefore || now > cert.notAfter) {
    throw new CoreError('expired', `the signer certificate is valid from ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}, not at ${now.toISOString()}`);
  }
  return { cert, ...(signingTime ? { signingTime } : {}) };
}
