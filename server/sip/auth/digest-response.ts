/**
 * The Digest computation of RFC 7616 section 3.4.1 (RFC 3261 section 22.4 keeps RFC 2617's), for the two algorithms
 * we offer: SHA-256 (RFC 8760 section 2) and MD5. `qop=auth` only: A2 never covers the body, which proxies and
 * the softphone's socket codec may rewrite (docs/jssip-notes.md "Bodies and bytes").
 *
 *   response = KD(HA1, nonce ":" nc ":" cnonce ":" qop ":" H(A2)),   KD(secret, data) = H(secret ":" data)
 *   A2       = method ":" digest-uri
 *
 * HA1 = H(username ":" realm ":" password) comes from the user store, never a password.
 */
import { createHash } from 'node:crypto';

export type DigestAlgorithm = 'SHA-256' | 'MD5';

/** In the order we offer them (RFC 8760 section 2.4: the preferred one first). */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

/** Hex length of H(...) for each algorithm. */
export const DIGEST_HEX_LENGTH: Readonly<Record<DigestAlgorithm, number>> = { 'SHA-256': 64, MD5: 32 };

/** H(data): lower-case hex of the algorithm's hash over the UTF-8 bytes of `data` (RFC 7616 section 3.4.1). */
export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(data, 'utf8')
    .digest('hex');
}

/** The algorithm named by a challenge or credentials' `algorithm` parameter (absent means MD5, RFC 2617 3.2.1). */
export function digestAlgorithmOf(value: string | undefined): DigestAlgorithm | undefined {
  if (value === undefined) return 'MD5';
  const upper = value.toUpperCase();
  return upper === 'MD5' || upper === 'SHA-256' ? upper : undefined;
}

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  /** H(username ":" realm ":" password), lower-case hex. */
  ha1: string;
  nonce: string;
  /** 8LHEX as sent, e.g. `00000001`. */
  nc: string;
  cnonce: string;
  /** Only `auth`. */
  qop: 'auth';
  method: string;
  /** The `uri` parameter of the credentials as sent (RFC 7616 section 3.4.6), not the Request-URI. */
  digestUri: string;
}

/** The `response` value for `qop=auth` (RFC 7616 section 3.4.1), lower-case hex. */
export function digestResponse(input: DigestResponseInput): string {
  const h = (data: string): string => digestHash(input.algorithm, data);
  const ha2 = h(`${input.method}:${input.digestUri}`);
  return h(`${input.ha1.toLowerCase()}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}
