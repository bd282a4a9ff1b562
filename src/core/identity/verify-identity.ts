/**
 * Verifying an Identity header (rfc4474#section-6.2), in the RFC's order: the authentication service's certificate must
 * be usable and speak for the domain (437), the signature must cover this digest-string (438), and the Date must be
 * fresh (403 Stale Date). docs/design.md "RFC 4474 details" narrows freshness to 600 s either way (RFC 4474 suggests
 * 3600 s), as replay protection. Whether to trust the certificate at all (configured for the domain, or fetched over
 * HTTPS from it) is the caller's decision, made before calling.
 */
import { toArrayBuffer } from '../bytes.ts';
import { encodeDer } from '../der/index.ts';
import { CoreError, describe, isCoreError } from '../errors.ts';
import { isWithinValidity, parseCertificate, type ParsedCertificate } from '../x509/index.ts';
import { certificateCoversDomain } from './certificate-names.ts';
import { readDigestStringHead } from './digest-string.ts';
import { parseIdentityHeader } from './identity-header.ts';
import { IDENTITY_ALGORITHMS, type IdentityAlgorithm } from './identity-info.ts';
import { parseSipDate } from './sip-date.ts';

/** docs/design.md "RFC 4474 details": a Date more than this many seconds from now, either way, is stale. */
export const IDENTITY_MAX_SKEW_SECONDS = 600;
/** Smallest RSA key we accept from an authentication service (Kamailio deployments still use 1024-bit keys). */
export const MIN_RSA_BITS = 1024;

const HASH: Record<IdentityAlgorithm, 'SHA-256' | 'SHA-1'> = { 'rsa-sha256': 'SHA-256', 'rsa-sha1': 'SHA-1' };

export interface VerifyIdentityParams {
  /** The Identity header field value: base64 in double quotes. */
  identityHeader: string;
  /** From the Identity-Info `alg` parameter (parseIdentityInfo). */
  alg: IdentityAlgorithm;
  /** identityDigestString of the received request. */
  digestInput: Uint8Array;
  /** The authentication service's certificate (DER, or PEM). */
  certificate: Uint8Array;
  /** The Date header field value; it must be the one inside digestInput. */
  date: string;
  /** Default: the current time. */
  now?: Date;
  /** Default IDENTITY_MAX_SKEW_SECONDS. */
  maxSkewSeconds?: number;
  /** The host of the From URI: when given, the certificate must speak for it (rfc4474#section-6.2 step 1). */
  domain?: string;
}

export interface VerifiedIdentity {
  /** The Date the signature covers. */
  date: Date;
  certificate: ParsedCertificate;
}

function untrusted(why: string, cause?: unknown): CoreError {
  return new CoreError('untrusted-certificate', `the authentication service certificate ${why}`, cause === undefined ? undefined : { cause });
}

async function usableCertificate(params: VerifyIdentityParams, now: Date, crypto: Crypto): Promise<ParsedCertificate> {
  let cert: ParsedCertificate;
  try {
    cert = await parseCertificate(params.certificate, crypto);
  } catch (error) {
    throw untrusted(`cannot be read: ${describe(error)}`, error);
  }
  if (cert.keyType !== 'RSA') throw untrusted('does not hold an RSA key (rsa-sha256 and rsa-sha1 are RSA signatures)');
  if ((cert.rsaModulusBits ?? 0) < MIN_RSA_BITS) throw untrusted(`holds a ${cert.rsaModulusBits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`);
  if (!isWithinValidity(cert, () => now)) {
    throw untrusted(`is not valid now (${now.toISOString()}): ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}`);
  }
  if (cert.keyUsage.length > 0 && !cert.keyUsage.includes('digitalSignature')) throw untrusted('may not sign (keyUsage lacks digitalSignature)');
  if (params.domain !== undefined && !certificateCoversDomain(cert.pkijs, params.domain)) {
    throw untrusted(`does not speak for ${params.domain} (no subjectAltName DNS:${params.domain} or URI:sip:${params.domain})`);
  }
  return cert;
}

async function checkSignature(params: VerifyIdentityParams, cert: ParsedCertificate, crypto: Crypto): Promise<void> {
  const signature = parseIdentityHeader(params.identityHeader);
  let key: CryptoKey;
  try {
    const spki = toArrayBuffer(encodeDer(cert.pkijs.subjectPublicKeyInfo.toSchema()));
    key = await crypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: HASH[params.alg] }, false, ['verify']);
  } catch (error) {
    throw untrusted(`public key cannot be used: ${describe(error)}`, error);
  }
  let valid: boolean;
  try {
    valid = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, toArrayBuffer(signature), toArrayBuffer(params.digestInput));
  } catch (error) {
    throw new CoreError('bad-signature', `the Identity signature cannot be checked: ${describe(error)}`, { cause: error });
  }
  if (!valid) throw new CoreError('bad-signature', `the Identity signature (${params.alg}) does not match the request`);
}

function checkDate(date: string, now: Date, maxSkewSeconds: number): Date {
  let signedAt: Date;
  try {
    signedAt = parseSipDate(date);
  } catch (error) {
    // Freshness cannot be shown without a readable Date: treated as stale (403 Stale Date).
    throw new CoreError('expired', `the Date header cannot be read: ${describe(error)}`, { cause: error });
  }
  const skew = Math.abs(now.getTime() - signedAt.getTime()) / 1000;
  if (skew > maxSkewSeconds) {
    throw new CoreError('expired', `the Date ${date} is ${Math.round(skew)} s from now (${now.toUTCString()}); at most ${maxSkewSeconds} s is accepted`);
  }
  return signedAt;
}

/**
 * Resolves when the Identity header verifies; otherwise a CoreError: 'untrusted-certificate' (437), 'bad-signature'
 * (438), 'expired' (403 Stale Date), 'unsupported' for an unknown alg (436), 'invalid-argument' for a caller's
 * mistake (a date that is not the one in digestInput). identityResponseFor maps them to responses.
 */
export async function verifyIdentity(params: VerifyIdentityParams, crypto: Crypto): Promise<VerifiedIdentity> {
  const now = params.now ?? new Date();
  const maxSkewSeconds = params.maxSkewSeconds ?? IDENTITY_MAX_SKEW_SECONDS;
  if (!(IDENTITY_ALGORITHMS as readonly string[]).includes(params.alg)) throw new CoreError('unsupported', `Identity algorithm ${String(params.alg)} is not supported`);
  if (!Number.isFinite(maxSkewSeconds) || maxSkewSeconds < 0) throw new CoreError('invalid-argument', 'maxSkewSeconds must be a number of seconds >= 0');
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new CoreError('invalid-argument', 'now must be a valid Date');
  const date = params.date.trim();
  if (readDigestStringHead(params.digestInput).date !== date) throw new CoreError('invalid-argument', 'date is not the Date inside the digest-string');

  try {
    const certificate = await usableCertificate(params, now, crypto);
    await checkSignature(params, certificate, crypto);
    return { date: checkDate(date, now, maxSkewSeconds), certificate };
  } catch (error) {
    if (isCoreError(error)) throw error;
    throw new CoreError('bad-signature', `the Identity could not be verified: ${describe(error)}`, { cause: error });
  }
}
