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

/**
 * `--digest-algorithms SHA-256,MD5`: the algorithms to offer, in the order of the challenge lines. Phones that answer
 * the first line and speak MD5 only (baresip 1.0, sipp 3.6) need MD5 offered first or alone; JsSIP answers the last
 * line and speaks MD5 only (docs/server-digest-auth.md). Throws on an unknown or repeated name, or an empty list.
 */
export function parseDigestAlgorithms(text: string): DigestAlgorithm[] {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  if (names.length === 0) throw new RangeError('no digest algorithm given (SHA-256, MD5)');
  const algorithms: DigestAlgorithm[] = [];
  for (const name of names) {
    const algorithm = name.toUpperCase() === 'MD5' || name.toUpperCase() === 'SHA-256' ? (name.toUpperCase() as DigestAlgorithm) : undefined;
    if (!algorithm) throw new RangeError(`${name} is not a digest algorithm we offer (SHA-256, MD5)`);
    if (algorithms.includes(algorithm)) throw new RangeError(`${algorithm} is named twice`);
    algorithms.push(algorithm);
  }
  return algorithms;
}

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
