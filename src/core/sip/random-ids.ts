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

/** `z9hG4bK` + 96 random bits in hex. */
export function generateBranch(crypto: Crypto): string {
  return BRANCH_MAGIC_COOKIE + toHex(randomBytes(12, crypto));
}

/** 64 random bits in hex. */
export function generateTag(crypto: Crypto): string {
  return toHex(randomBytes(8, crypto));
}

/** 128 random bits in hex, then `@host` when a host is given (a token, as callid = word [ "@" word ] wants). */
export function generateCallId(crypto: Crypto, host?: string): string {
  const id = toHex(randomBytes(16, crypto));
  if (host === undefined) return id;
  if (!isToken(host.replace(/[[\]:]/g, ''))) throw new CoreError('invalid-argument', `"${host.slice(0, 40)}" cannot follow "@" in a Call-ID`);
  return `${id}@${host}`;
}

/** Whether a branch carries the magic cookie (rfc3261#section-17.2.3). */
export function isRfc3261Branch(branch: string): boolean {
  return branch.startsWith(BRANCH_MAGIC_COOKIE);
}
