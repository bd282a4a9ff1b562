/**
 * Digest authentication for our domain (RFC 3261 section 22 with RFC 7616 and RFC 8760): challenges and the check of
 * the answer. The realm is the domain, so HA1 is the store's H(username ":" domain ":" password).
 *
 * Challenges (rfc3261#section-22.1, rfc8760#section-2.4): a 401 with WWW-Authenticate for REGISTER, a 407 with
 * Proxy-Authenticate for what we proxy or serve, one line per algorithm offered (`algorithms`), by default SHA-256
 * first and MD5 last:
 *
 *   WWW-Authenticate: Digest realm="sealphone.test", nonce="...", opaque="...", algorithm=SHA-256, qop="auth"
 *   WWW-Authenticate: Digest realm="sealphone.test", nonce="...", opaque="...", algorithm=MD5, qop="auth"
 *
 * `qop="auth"` only, never auth-int (JsSIP picks auth-int whenever it is offered and then breaks on rewritten bodies).
 * JsSIP keeps only the last challenge line of a response and speaks MD5 only, so the order that RFC 8760 asks for is
 * also the one JsSIP needs. Nonces are stateless (`NonceIssuer`); `stale=true` marks a new challenge sent because the
 * nonce alone was wrong (RFC 7616 section 3.3).
 *
 * The check, in order: credentials for our realm; an algorithm we offer (absent = MD5); qop=auth with nc and
 * cnonce; digest-uri equivalent to the Request-URI (RFC 7616 section 3.4.6, compared by rfc3261#section-19.1.4);
 * the response against the directory's HA1, compared in constant time; then the nonce (ours, not expired, opaque
 * returned unchanged); then the nonce-count (higher than any accepted for this nonce and user). Only a request whose
 * digest is right can learn that its nonce was the problem (`stale: true`).
 *
 * Guessing is limited per username and per source address (`GuessingLimits`, issue 15 defect 4): after a few
 * failures a username or address is locked with a growing back-off, and its attempts are refused unchecked with
 * 403 and Retry-After (`authenticateOrChallenge`, and `challenge` for a request whose credentials were refused so).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatAuthParams, SipParseError, urisEqual, type SipRequest, type SipResponse } from '../../../src/core/sip/index.ts';
import type { Logger } from '../../log.ts';
import type { AuthenticatedUser, IncomingRequest } from '../request-context.ts';
import type { SipConnection } from '../transport/connection.ts';
import { authenticatedUser } from './authenticated-user.ts';
import { findDigestCredentials } from './digest-credentials.ts';
import { DEFAULT_NONCE_LIFETIME_MS, NonceIssuer } from './digest-nonce.ts';
import { DIGEST_ALGORITHMS, digestAlgorithmOf, digestResponse, type DigestAlgorithm } from './digest-response.ts';
import { GuessingLimits, type Attempt, type GuessingLimitOptions } from './guessing-limits.ts';
import { DEFAULT_NONCE_COUNT_ENTRIES, NonceCountCache } from './nonce-count-cache.ts';
import type { UserDirectory } from './user-directory.ts';

export interface ChallengeOptions {
  /** 407 with Proxy-Authenticate; otherwise 401 with WWW-Authenticate (REGISTER, rfc3261#section-22.3). */
  proxy: boolean;
  /** The previous nonce was expired or used up but the digest was right (RFC 7616 section 3.3). */
  stale?: boolean;
}

export interface AuthenticateOptions {
  /** Read Proxy-Authorization (answering a 407); otherwise Authorization (answering a 401). */
  proxy: boolean;
}

/**
 * Why a request was not authenticated:
 * - `missing`: no Digest credentials at all (the usual first request);
 * - `wrong-realm`: credentials only for other realms;
 * - `malformed`: credentials that cannot be read or lack a required parameter;
 * - `unsupported`: an algorithm other than MD5/SHA-256, a qop other than auth, userhash;
 * - `uri-mismatch`: the digest-uri is not the Request-URI;
 * - `unknown-user`, `wrong-response`: no such user, or the wrong password (indistinguishable to the client);
 * - `invalid-nonce`, `stale-nonce`, `replayed`: the digest was right but the nonce was not ours, had expired, or its
 *   nonce-count was not new; these come with `stale: true`;
 * - `rate-limited`: too many failures lately for this username or from this address; nothing was checked, and
 *   `retryAfter` says in how many seconds it may be.
 */
export type DigestFailureReason =
  | 'missing'
  | 'wrong-realm'
  | 'malformed'
  | 'unsupported'
  | 'uri-mismatch'
  | 'unknown-user'
  | 'wrong-response'
  | 'invalid-nonce'
  | 'stale-nonce'
  | 'replayed'
  | 'rate-limited';

export type DigestResult =
  | { ok: true; user: AuthenticatedUser; algorithm: DigestAlgorithm }
  | { ok: false; stale: boolean; reason: DigestFailureReason; detail: string; retryAfter?: number };

export interface DigestAuthenticatorOptions {
  /** Our domain; the realm of every challenge. Compared and used in lower case. */
  realm: string;
  directory: UserDirectory;
  /**
   * Keys the nonces (at least 16 bytes). Random per process by default, so a restart invalidates outstanding nonces
   * (clients that answer one with the right password get `stale=true` and retry on their own).
   */
  secret?: Uint8Array;
  nonceLifetimeMs?: number;
  /** Bound of the nonce-count replay cache. */
  nonceCountEntries?: number;
  /** Back-off per username and per source address after failed attempts (defaults in guessing-limits.ts); null: none. */
  failureLimits?: GuessingLimitOptions | null;
  /** Where locks and the failure counters are logged. */
  log?: Logger;
  /** ms since the epoch. */
  now?: () => number;
  /** The algorithms offered, in the order of the challenge lines, and the only ones accepted. Default SHA-256, MD5. */
  algorithms?: readonly DigestAlgorithm[];
}

const HEADER = {
  challenge: { proxy: 'Proxy-Authenticate', www: 'WWW-Authenticate' },
  credentials: { proxy: 'Proxy-Authorization', www: 'Authorization' },
} as const;

const NC = /^[0-9a-fA-F]{8}$/;

export class DigestAuthenticator {
  readonly realm: string;
  readonly algorithms: readonly DigestAlgorithm[];
  readonly #directory: UserDirectory;
  readonly #nonces: NonceIssuer;
  readonly #nonceCounts: NonceCountCache;
  readonly #failures: GuessingLimits | null;
  readonly #now: () => number;
  readonly #opaque: string;
  /** HA1 stand-in for unknown users, so that they cost the same hashing as known ones. */
  readonly #decoyHa1: Record<DigestAlgorithm, string>;
  /** One verdict per incoming request and header kind: a second call must not see its own nc as a replay. */
  readonly #verdicts = new WeakMap<IncomingRequest, Map<boolean, DigestResult>>();

  constructor(options: DigestAuthenticatorOptions) {
    if (options.realm.length === 0) throw new TypeError('the digest realm is empty');
    this.realm = options.realm.toLowerCase();
    this.algorithms = options.algorithms ?? DIGEST_ALGORITHMS;
    if (this.algorithms.length === 0) throw new TypeError('no digest algorithm to offer');
    this.#directory = options.directory;
    const lifetime = options.nonceLifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS;
    this.#nonces = new NonceIssuer(options.secret ?? randomBytes(32), lifetime);
    this.#nonceCounts = new NonceCountCache(lifetime, options.nonceCountEntries ?? DEFAULT_NONCE_COUNT_ENTRIES);
    this.#failures = options.failureLimits === null ? null : new GuessingLimits(options.failureLimits, options.log);
    this.#now = options.now ?? Date.now;
    this.#opaque = this.#nonces.opaque(this.realm);
    const decoy = randomBytes(16).toString('hex');
    this.#decoyHa1 = {
      MD5: createHash('md5').update(decoy).digest('hex'),
      'SHA-256': createHash('sha256').update(decoy).digest('hex'),
    };
  }

  /** The challenge header lines for a 401 or 407, one per algorithm offered, one fresh nonce shared by all. */
  challengeHeaders(options: ChallengeOptions): Array<[string, string]> {
    const name = options.proxy ? HEADER.challenge.proxy : HEADER.challenge.www;
    const nonce = this.#nonces.issue(this.realm, this.#now());
    return this.algorithms.map((algorithm) => {
      const params = new Map([
        ['realm', this.realm],
        ['nonce', nonce],
        ['opaque', this.#opaque],
        ['algorithm', algorithm],
        ['qop', 'auth'],
      ]);
      if (options.stale) params.set('stale', 'true');
      return [name, formatAuthParams({ scheme: 'Digest', params }, 'challenge')];
    });
  }

  /**
   * Answers `incoming` with 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) and a fresh nonce; or, when its
   * credentials were refused unchecked by the guessing limits, with 403 and Retry-After and no nonce.
   */
  challenge(incoming: IncomingRequest, options: ChallengeOptions): SipResponse {
    for (const verdict of this.#verdicts.get(incoming)?.values() ?? []) {
      if (!verdict.ok && verdict.reason === 'rate-limited') return refuse(incoming, verdict.retryAfter);
    }
    return incoming.respond(options.proxy ? 407 : 401, { headers: this.challengeHeaders(options) });
  }

  /**
   * Checks the request's Authorization (or Proxy-Authorization) against our realm. Calling it again for the same
   * incoming request gives the same verdict without counting its nonce-count twice.
   */
  authenticate(incoming: IncomingRequest, options: AuthenticateOptions): DigestResult {
    let verdicts = this.#verdicts.get(incoming);
    const known = verdicts?.get(options.proxy);
    if (known) return known;
    const result = this.verify(incoming.request, incoming.connection, options);
    if (!verdicts) {
      verdicts = new Map();
      this.#verdicts.set(incoming, verdicts);
    }
    verdicts.set(options.proxy, result);
    return result;
  }

  /**
   * The user a request proves, answering the request itself when it proves none. Digest credentials for our realm
   * decide when present (wrong ones get a fresh challenge, `stale=true` when only the nonce was the problem, even on an
   * authenticated connection); without any, `incoming.user` (the connection-bound user the stack set) is taken;
   * otherwise a challenge. Credentials refused by the guessing limits get 403 with Retry-After and no new nonce.
   */
  authenticateOrChallenge(incoming: IncomingRequest, options: AuthenticateOptions): AuthenticatedUser | null {
    const result = this.authenticate(incoming, options);
    if (result.ok) return result.user;
    if (result.reason === 'missing' && incoming.user) return incoming.user;
    this.challenge(incoming, { proxy: options.proxy, stale: result.stale });
    return null;
  }

  /** `authenticate` without the per-request memo; `from` is where the request came from (for the guessing limits). */
  verify(request: SipRequest, from: Pick<SipConnection, 'remoteAddress' | 'transport'>, options: AuthenticateOptions): DigestResult {
    const now = this.#now();
    const found = findDigestCredentials(request.headers.getAll(options.proxy ? HEADER.credentials.proxy : HEADER.credentials.www), this.realm);
    if (!found.found) return fail(found.why, found.detail);
    const c = found.credentials;

    const algorithm = digestAlgorithmOf(c.algorithm);
    if (!algorithm || !this.algorithms.includes(algorithm)) return fail('unsupported', `algorithm ${c.algorithm ?? 'MD5'} is not one we offer (${this.algorithms.join(', ')})`);
    if (c.qop === undefined) return fail('unsupported', 'credentials without qop (RFC 2069 style) are not accepted');
    if (c.qop.toLowerCase() !== 'auth') return fail('unsupported', `qop ${c.qop} is not auth`);
    if (c.nc === undefined || !NC.test(c.nc)) return fail('malformed', 'nc is not 8 hex digits');
    const nc = Number.parseInt(c.nc, 16);
    if (nc === 0) return fail('malformed', 'nc is zero');
    if (!c.cnonce) return fail('malformed', 'qop=auth without cnonce');
    if (!sameRequestUri(c.uri, request.uri)) return fail('uri-mismatch', `digest uri ${c.uri.slice(0, 80)} is not the Request-URI ${request.uri.slice(0, 80)}`);

    const user = this.#directory.getUser(c.username, this.realm);
    const attempt: Attempt = { username: c.username, known: user !== undefined, address: from.remoteAddress, connection: from.transport !== 'UDP' };
    const wait = this.#failures?.lockedFor(attempt, now) ?? 0;
    if (wait > 0) {
      return { ok: false, stale: false, reason: 'rate-limited', detail: `too many failed attempts for ${c.username.slice(0, 64)} or from ${from.remoteAddress}`, retryAfter: Math.ceil(wait / 1000) };
    }

    const ha1 = user ? (algorithm === 'MD5' ? user.ha1Md5 : user.ha1Sha256) : this.#decoyHa1[algorithm];
    const expected = digestResponse({ algorithm, ha1, nonce: c.nonce, nc: c.nc, cnonce: c.cnonce, qop: 'auth', method: request.method, digestUri: c.uri });
    const right = equalHex(expected, c.response);
    if (!user || !right) {
      this.#failures?.failed(attempt, now);
      return user ? fail('wrong-response', `wrong digest response for ${c.username}`) : fail('unknown-user', `no user ${c.username.slice(0, 64)} in ${this.realm}`);
    }

    const nonce = this.#nonces.check(c.nonce, this.realm, now);
    if (nonce.status === 'invalid' || (c.opaque !== undefined && c.opaque !== this.#opaque)) {
      return fail('invalid-nonce', 'the nonce or opaque was not issued by this server', true);
    }
    if (nonce.status === 'expired') return fail('stale-nonce', `the nonce expired ${Math.round((now - nonce.issuedAt) / 1000)} s after issue`, true);
    if (!this.#nonceCounts.use(`${c.username}\n${c.nonce}`, nonce.issuedAt, nc, now)) {
      return fail('replayed', `nc ${c.nc} was not higher than before for this nonce`, true);
    }
    this.#failures?.succeeded(attempt, now);
    return { ok: true, user: authenticatedUser(user.username, user.domain), algorithm };
  }
}

/** 403 for credentials the guessing limits refused unchecked (issue 15 defect 4), with the seconds to wait. */
function refuse(incoming: IncomingRequest, retryAfter = 1): SipResponse {
  return incoming.respond(403, { reason: 'Too Many Failed Attempts', headers: [['Retry-After', String(retryAfter)]] });
}

function fail(reason: DigestFailureReason, detail: string, stale = false): DigestResult {
  return { ok: false, stale, reason, detail };
}

/** RFC 7616 section 3.4.6: the digest-uri names the same resource as the Request-URI; equivalent spellings pass. */
function sameRequestUri(digestUri: string, requestUri: string): boolean {
  if (digestUri === requestUri) return true;
  try {
    return urisEqual(digestUri, requestUri);
  } catch (error) {
    if (error instanceof SipParseError) return false;
    throw error;
  }
}

/** Constant-time comparison of two hex strings, case-insensitive. */
function equalHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(given.toLowerCase(), 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
