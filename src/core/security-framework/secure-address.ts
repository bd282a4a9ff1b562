/**
 * X-SIP-SECURE-TO and X-SIP-SECURE-FROM (seed 000 sections 4.1.1 and 4.1.2):
 *
 *   X-SIP-SECURE-TO: to-address        "the entity who the attachment is destined for"
 *   X-SIP-SECURE-FROM: from-address    "the entity that is supplying the attachment"
 *
 * The seed calls both "an opaque and crypto system dependent string denoting the [entity] and their realm" and writes
 * them as RFC 822 style `user@realm` (`UAC@mtcc.com`, `P2@mtcc.com`); SealPhone writes AORs (`sip:alice@example.test`,
 * as secure-body/sip-secure-part.ts does). Both are read here: an optional `sip:`/`sips:` scheme, a user part, `@`,
 * and a host, which is the realm. In X-SIP-SECURE-TO only, the user part may be `*`: "If the ultimate destination is
 * not known, the entity may be wildcarded by setting the left hand side of the RFC 822 address to "*"" (section
 * 4.1.1; the seed's example is `X-SIP-SECURE-TO: *@homer.com` in section 5.2 step 3).
 *
 * The value is written back exactly as it was read (scheme, case and all); comparisons go through
 * `secureAddressMatches`, which compares the host without case and the user exactly (rfc3261#section-19.1.4).
 */
import { FrameworkError, shown } from './framework-error.ts';

export const SECURE_TO_HEADER = 'X-SIP-SECURE-TO';
export const SECURE_FROM_HEADER = 'X-SIP-SECURE-FROM';

export interface SecureAddress {
  /** Present when the address was written as a URI. */
  scheme?: 'sip' | 'sips';
  /** The user part as written; `*` for the wildcard. */
  user: string;
  /** The host as written; the realm is its lower-cased form. */
  host: string;
  /** The user part is `*`: any entity within the realm (X-SIP-SECURE-TO only). */
  wildcard: boolean;
}

const MAX_ADDRESS_LENGTH = 512;
/** rfc3261#section-25.1 user: unreserved / escaped / user-unreserved (the characters an AOR's user part may hold). */
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:(?:${LABEL}\\.)*${LABEL}\\.?|\\[[0-9A-Fa-f:.]+\\])$`);

/** Parses a to-address or from-address; `wildcard` says whether `*@realm` is allowed (TO only). */
export function parseSecureAddress(value: string, options: { wildcard: boolean }): SecureAddress {
  if (typeof value !== 'string') throw new FrameworkError('malformed', 'a secure address must be a string');
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_ADDRESS_LENGTH) throw bad(value, 'empty or too long');
  const schemeMatch = /^(sips?):/i.exec(text);
  const scheme = schemeMatch ? (schemeMatch[1]!.toLowerCase() as 'sip' | 'sips') : undefined;
  const rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
  const at = rest.lastIndexOf('@');
  if (at <= 0) throw bad(value, 'expected user@realm');
  const user = rest.slice(0, at);
  const host = rest.slice(at + 1);
  if (!HOST.test(host)) throw bad(value, `${shown(host)} is not a host`);
  const wildcard = user === '*';
  if (wildcard && !options.wildcard) throw bad(value, 'the "*" wildcard is only for X-SIP-SECURE-TO (seed 000 section 4.1.1)');
  if (!wildcard && !USER.test(user)) throw bad(value, `${shown(user)} is not a user part`);
  return scheme === undefined ? { user, host, wildcard } : { scheme, user, host, wildcard };
}

/** X-SIP-SECURE-TO: the wildcard allowed. */
export function parseSecureTo(value: string): SecureAddress {
  return parseSecureAddress(value, { wildcard: true });
}

/** X-SIP-SECURE-FROM: a supplier is always one entity. */
export function parseSecureFrom(value: string): SecureAddress {
  return parseSecureAddress(value, { wildcard: false });
}

/** The address as written: `sip:alice@example.test`, `UAC@mtcc.com`, `*@homer.com`. */
export function formatSecureAddress(address: SecureAddress): string {
  const text = `${address.scheme === undefined ? '' : `${address.scheme}:`}${address.user}@${address.host}`;
  parseSecureAddress(text, { wildcard: address.wildcard });
  return text;
}

/** The realm of an address (seed 000 section 1.1: "the boundary of trust"): its host in lower case, no final dot. */
export function realmOf(address: SecureAddress): string {
  return address.host.toLowerCase().replace(/\.$/, '');
}

/**
 * Whether `entity` is (one of) the entities `target` names: the same realm, and the same user unless `target` is the
 * wildcard. A scheme counts only when both sides write one (`sip:bob@x` and `bob@x` are the same entity).
 */
export function secureAddressMatches(target: SecureAddress, entity: SecureAddress): boolean {
  if (entity.wildcard) return false;
  if (realmOf(target) !== realmOf(entity)) return false;
  if (target.scheme !== undefined && entity.scheme !== undefined && target.scheme !== entity.scheme) return false;
  return target.wildcard || decodeUser(target.user) === decodeUser(entity.user);
}

/** Escapes of unreserved characters decoded (`%61lice` is `alice`, rfc3261#section-19.1.4). */
function decodeUser(user: string): string {
  return user.replace(/%([0-9A-Fa-f]{2})/g, (whole, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-_.!~*'()]/.test(c) ? c : whole.toUpperCase();
  });
}

function bad(value: string, why: string): FrameworkError {
  return new FrameworkError('malformed', `secure address ${shown(value)}: ${why}`);
}
