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
import type { Sha256Signer } from './signing-pool.ts';

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
 * The authentication service's key as signRequestIdentity uses it: a WebCrypto RSASSA-PKCS1-v1_5 SHA-256 key, signed
 * with in the event loop thread's WebCrypto, or a Sha256Signer such as the server's SigningPool (worker threads).
 * Both give the same signature bytes (PKCS#1 v1.5 signatures are deterministic).
 */
export type IdentityKey = { privateKey: CryptoKey } | Sha256Signer;

/**
 * Signs a request for the authentication service. A Date already in the request must be fresh (within
 * IDENTITY_MAX_SKEW_SECONDS, the window verifiers apply): a stale one is a CoreError 'expired' (403 Stale Date), an
 * unreadable one 'invalid-argument' (400), as identityResponseFor maps them.
 */
export async function signRequestIdentity(
  service: IdentityKey,
  request: IdentityRequest,
  identityInfoUrl: string,
  crypto: Crypto = globalThis.crypto,
  now: () => Date = () => new Date(),
): Promise<IdentityHeaders> {
  const at = now();
  let date = request.date?.trim();
  const dateAdded = date === undefined || date === '';
  if (dateAdded) {
    date = sipDateOf(at);
  } else {
    const skew = Math.abs(at.getTime() - parseSipDate(date!).getTime()) / 1000;
    if (skew > IDENTITY_MAX_SKEW_SECONDS) throw new CoreError('expired', `the request's Date ${date} is ${Math.round(skew)} s from now; not signing a stale request`);
  }
  const identityInfo = identityInfoOf(identityInfoUrl);
  let signature: string;
  if ('signSha256' in service) {
    // The digest-string is its head and the body (rfc4474#section-9): hashed in two parts, the body not copied.
    if (!(request.body instanceof Uint8Array)) throw new CoreError('invalid-argument', 'the body must be bytes');
    const head = identityDigestString({ ...request, date: date!, body: NO_BODY });
    signature = (await service.signSha256(head, request.body)).toString('base64');
  } else {
    signature = await signIdentity(identityDigestString({ ...request, date: date! }), service.privateKey, crypto);
  }
  return { identity: `"${signature}"`, identityInfo, date: date!, dateAdded };
}

const NO_BODY = new Uint8Array(0);

/** The last Identity-Info made: the URL is the same for every request of a server. */
let lastIdentityInfo: { url: string; value: string } | undefined;

function identityInfoOf(url: string): string {
  if (lastIdentityInfo?.url !== url) lastIdentityInfo = { url, value: formatIdentityInfo(url, 'rsa-sha256') };
  return lastIdentityInfo.value;
}

/** The last SIP-date made, by whole second: a burst of requests shares it. */
let lastDate: { second: number; text: string } | undefined;

function sipDateOf(at: Date): string {
  const second = Math.floor(at.getTime() / 1000);
  if (lastDate?.second !== second) lastDate = { second, text: formatSipDate(at) };
  return lastDate.text;
}
