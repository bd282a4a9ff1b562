/**
 * The authentication service at work (rfc4474#section-6.1): the Date header when the request has none, the Identity
 * signature over the digest-string, and the Identity-Info header naming the certificate and `alg=rsa-sha256`.
 */
import { CoreError } from '../../src/core/errors.ts';
import {
  IDENTITY_MAX_SKEW_SECONDS,
  formatIdentityInfo,
  formatSipDate,
  identityDigestString,
  parseSipDate,
  signIdentity,
  type IdentityDigestFields,
} from '../../src/core/identity/index.ts';

/** The request's digest-string fields; `date` is the Date header field value when the request has one. */
export type IdentityRequest = Omit<IdentityDigestFields, 'date'> & { date?: string };

export interface IdentityHeaders {
  /** The Identity header field value: the quoted base64 signature. */
  identity: string;
  /** The Identity-Info header field value: `<url>;alg=rsa-sha256`. */
  identityInfo: string;
  /** The Date the signature covers: the request's own, or the one to add. */
  date: string;
  /** True when the request had no Date: the caller must add a Date header with `date`. */
  dateAdded: boolean;
}

/**
 * Signs a request for the authentication service. A Date already in the request must be fresh (within
 * IDENTITY_MAX_SKEW_SECONDS, the window verifiers apply): a stale one is a CoreError 'expired' (403 Stale Date), an
 * unreadable one 'invalid-argument' (400), as identityResponseFor maps them.
 */
export async function signRequestIdentity(
  service: { privateKey: CryptoKey },
  request: IdentityRequest,
  identityInfoUrl: string,
  crypto: Crypto = globalThis.crypto,
  now: () => Date = () => new Date(),
): Promise<IdentityHeaders> {
  const at = now();
  let date = request.date?.trim();
  const dateAdded = date === undefined || date === '';
  if (dateAdded) {
    date = formatSipDate(at);
  } else {
    const skew = Math.abs(at.getTime() - parseSipDate(date!).getTime()) / 1000;
    if (skew > IDENTITY_MAX_SKEW_SECONDS) throw new CoreError('expired', `the request's Date ${date} is ${Math.round(skew)} s from now; not signing a stale request`);
  }
  const identityInfo = formatIdentityInfo(identityInfoUrl, 'rsa-sha256');
  const signature = await signIdentity(identityDigestString({ ...request, date: date! }), service.privateKey, crypto);
  return { identity: `"${signature}"`, identityInfo, date: date!, dateAdded };
}
