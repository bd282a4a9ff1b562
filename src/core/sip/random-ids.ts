/**
 * Random identifiers: Via branches with the RFC 3261 magic cookie (rfc3261#section-8.1.1.7), tags
 * (rfc3261#section-19.3: at least 32 random bits) and Call-IDs (rfc3261#section-8.1.1.4). The randomness comes from
 * the `crypto` passed in (the browser's, or Node's `globalThis.crypto`). All are tokens.
 */
import { randomBytes, toHex } from '../bytes.ts';
import { CoreError } from '../errors.ts';
import { isToken } from './chars.ts';

/** Branches that start with this were made by an RFC 3261 element and are unique per transaction. */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

/**
 * Identifiers are drawn from a 4 KiB pool per Crypto, refilled by one getRandomValues call: a busy proxy makes a
 * branch per forwarded request, and one system call per branch showed up in profiles. Only identifiers come from
 * the pool, never key material.
 */
const POOL_BYTES = 4096;
const pools = new WeakMap<Crypto, { bytes: Uint8Array; used: number }>();

function pooledRandom(length: number, crypto: Crypto): Uint8Array {
  let pool = pools.get(crypto);
  if (!pool || pool.used + length > POOL_BYTES) {
    pool = { bytes: randomBytes(POOL_BYTES, crypto), used: 0 };
    pools.set(crypto, pool);
  }
  const out = pool.bytes.subarray(pool.used, pool.used + length);
  pool.used += length;
  return out;
}

/** `z9hG4bK` + 96 random bits in hex. */
export function generateBranch(crypto: Crypto): string {
  return BRANCH_MAGIC_COOKIE + toHex(pooledRandom(12, crypto));
}

/** 64 random bits in hex. */
export function generateTag(crypto: Crypto): string {
  return toHex(pooledRandom(8, crypto));
}

/** 128 random bits in hex, then `@host` when a host is given (a token, as callid = word [ "@" word ] wants). */
export function generateCallId(crypto: Crypto, host?: string): string {
  const id = toHex(pooledRandom(16, crypto));
  if (host === undefined) return id;
  if (!isToken(host.replace(/[[\]:]/g, ''))) throw new CoreError('invalid-argument', `"${host.slice(0, 40)}" cannot follow "@" in a Call-ID`);
  return `${id}@${host}`;
}

/** Whether a branch carries the magic cookie (rfc3261#section-17.2.3). */
export function isRfc3261Branch(branch: string): boolean {
  return branch.startsWith(BRANCH_MAGIC_COOKIE);
}
