/**
 * Cached credentials (seed 000 section 4.4): "The credential cache itself is keyed off of the X-SIP-SECURE-FROM,
 * X-SIP-SECURE-TO, and X-SIP-SECURE-METHOD tuple", and "the particular crypto system SHOULD provide a means of
 * notifying the initiator whether the credentials were cached". The seed leaves the syntax open; SealPhone's, the
 * smallest that fits, reuses the X-SIP-SECURE-METHOD grammar (4.1.5, one method):
 *
 *   X-SIP-SECURE-CACHED: smime.sec.sip.iana=(r:3f2a9c0d51e7b864)
 *
 * In an attachment from A to B it says: "A has cached B's credential for this method", with the realm tag naming
 * the key context A also holds (the id of the end-to-end key B sent, key-derivation.ts), so that B may omit its
 * certificate from SignedData and use the pre-shared crypto-system with that key. It is a notice, never a promise
 * (4.4: "It MUST NOT be assumed that the recipient ... will be able to cache that particular credential, or that the
 * credentials will be valid for any particular duration"): a receiver that no longer holds the entry answers with a
 * requires variant, and the sender falls back to the full form. A sender differentiates a cached from a fresh
 * credential by what it sends: a SignedData without the certificate, or the pre-shared method with the key id as its
 * realm tag, relies on the cache; a certificate present is fresh and replaces the entry.
 *
 * CredentialCache is the bounded store of such entries on one device: least recently used first out, and an entry
 * older than `maxAgeSeconds` is gone.
 */
import { formatSecureRequires, parseSecureMethod, type SecureMethod } from '../secure-body/secure-requires.ts';
import { isCoreError } from '../errors.ts';
import { FrameworkError } from './framework-error.ts';
import { realmOf, type SecureAddress } from './secure-address.ts';

export const SECURE_CACHED_HEADER = 'X-SIP-SECURE-CACHED';

/** Reads an X-SIP-SECURE-CACHED value: one method with its key context (the realm tag). */
export function parseCachedIndicator(value: string): SecureMethod & { realm: string } {
  let method: SecureMethod;
  try {
    method = parseSecureMethod(value);
  } catch (error) {
    if (isCoreError(error)) throw new FrameworkError('malformed', `${SECURE_CACHED_HEADER}: ${error.message}`, { cause: error });
    throw error;
  }
  if (method.realm === undefined || method.keying !== undefined || method.mutual) {
    throw new FrameworkError('malformed', `${SECURE_CACHED_HEADER} names one method with its key context, method=(r:context)`);
  }
  return { ...method, realm: method.realm };
}

export function formatCachedIndicator(method: string, context: string): string {
  try {
    return formatSecureRequires({ method, realm: context });
  } catch (error) {
    if (isCoreError(error)) throw new FrameworkError('malformed', error.message, { cause: error });
    throw error;
  }
}

export interface CredentialCacheKey {
  secureFrom: SecureAddress;
  secureTo: SecureAddress;
  /** The crypto-system, e.g. smime.sec.sip.iana (compared without case). */
  method: string;
}

export interface CachedCredential<T> {
  /** The key context (an end-to-end key id). */
  context: string;
  value: T;
  storedAt: number;
}

export interface CredentialCacheOptions {
  /** Default 1024 entries. */
  maxEntries?: number;
  /** Default 12 hours. */
  maxAgeSeconds?: number;
}

export class CredentialCache<T> {
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  /** In order of last use, oldest first. */
  readonly #entries = new Map<string, CachedCredential<T>>();

  constructor(options: CredentialCacheOptions = {}) {
    const maxEntries = options.maxEntries ?? 1024;
    const maxAgeSeconds = options.maxAgeSeconds ?? 12 * 3600;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new FrameworkError('malformed', 'maxEntries must be a whole number, 1 or more');
    if (!Number.isFinite(maxAgeSeconds) || maxAgeSeconds <= 0) throw new FrameworkError('malformed', 'maxAgeSeconds must be a positive number');
    this.#maxEntries = maxEntries;
    this.#maxAgeMs = maxAgeSeconds * 1000;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Stores (or replaces: a fresh credential wins) the entry, dropping the least recently used when full. */
  set(key: CredentialCacheKey, context: string, value: T, now: Date = new Date()): void {
    const text = keyText(key);
    this.#entries.delete(text);
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(text, { context, value, storedAt: now.getTime() });
  }

  /** The entry, when held and not too old; `context`, when given, must match it. A hit counts as a use. */
  get(key: CredentialCacheKey, now: Date = new Date(), context?: string): CachedCredential<T> | undefined {
    const text = keyText(key);
    const entry = this.#entries.get(text);
    if (!entry) return undefined;
    if (now.getTime() - entry.storedAt > this.#maxAgeMs) {
      this.#entries.delete(text);
      return undefined;
    }
    if (context !== undefined && context !== entry.context) return undefined;
    this.#entries.delete(text);
    this.#entries.set(text, entry);
    return entry;
  }

  /** Forgets the entry (a cache miss reported by the peer, or a fresh credential that failed). */
  delete(key: CredentialCacheKey): boolean {
    return this.#entries.delete(keyText(key));
  }
}

function keyText(key: CredentialCacheKey): string {
  if (typeof key?.method !== 'string' || !key.secureFrom || !key.secureTo) throw new FrameworkError('malformed', 'a credential cache key needs X-SIP-SECURE-FROM, -TO and -METHOD');
  const entity = (a: SecureAddress): string => `${a.user}@${realmOf(a)}`;
  return JSON.stringify([entity(key.secureFrom), entity(key.secureTo), key.method.toLowerCase()]);
}
